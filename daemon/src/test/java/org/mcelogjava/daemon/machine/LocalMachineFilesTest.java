package org.mcelogjava.daemon.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.act.SysfsPageOffliner;
import org.mcelogjava.daemon.policy.PageOffliner;
import org.mcelogjava.protocol.device.AttrEntry;

/** The machine's files under a root directory, as a mount of the simulator or a real machine serves them. */
class LocalMachineFilesTest {

    @TempDir
    Path root;

    @Test
    void absoluteMachinePathsAreResolvedUnderTheRoot() throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cpuinfo"), "processor\t: 0\n");
        MachineFiles m = new LocalMachineFiles(root);
        assertEquals("processor\t: 0\n", m.readText("/proc/cpuinfo"));
        assertThrows(NoSuchFileException.class, () -> m.readBytes("/sys/firmware/dmi/entries/0-0/raw"));
    }

    @Test
    void aPageOfflineIsOneWriteOfTheAddressIntoTheExistingFile() throws IOException {
        Path memory = Files.createDirectories(root.resolve("sys/devices/system/memory"));
        Files.writeString(memory.resolve("soft_offline_page"), "");
        new SysfsPageOffliner(new LocalMachineFiles(root)).offline(0x1a2b3c000L, PageOffliner.Kind.SOFT);
        assertEquals("0x1a2b3c000", Files.readString(memory.resolve("soft_offline_page")));
    }

    @Test
    void aRefusedOfflineCarriesStrerrorAsMcelogLogsIt() throws IOException {
        Files.createDirectories(root.resolve("sys/devices/system/memory/hard_offline_page"));
        IOException e = assertThrows(IOException.class, () -> new SysfsPageOffliner(new LocalMachineFiles(root))
                .offline(0x2000L, PageOffliner.Kind.HARD));
        assertEquals("Is a directory", e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> new SysfsPageOffliner(new LocalMachineFiles(root))
                .offline(0x2000L, PageOffliner.Kind.SOFT));
        assertEquals("No such file or directory", missing.getMessage(), "the file is never created");
    }

    @Test
    void aListingGivesEachEntrysKindAndPermissionBits() throws IOException {
        Path memory = Files.createDirectories(root.resolve("sys/devices/system/memory"));
        Files.createFile(memory.resolve("soft_offline_page"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("-w-------")));
        Files.createDirectories(memory.resolve("memory0"));
        List<AttrEntry> entries = new LocalMachineFiles(root).list("/sys/devices/system/memory").stream()
                .sorted(java.util.Comparator.comparing(AttrEntry::name)).toList();
        assertEquals(List.of(new AttrEntry("memory0", AttrEntry.Kind.DIRECTORY, 0755),
                new AttrEntry("soft_offline_page", AttrEntry.Kind.FILE, 0200)), entries);
    }
}
