package org.mcelogjava.kernelsim.sysfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.dev.ErrnoException;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.Errno;

class SysfsTreeTest {

    private static final String MC0 = "/sys/devices/system/machinecheck/machinecheck0";
    private final SysfsTree tree = new SysfsTree();
    private final AtomicReference<String> interval = new AtomicReference<>("300");

    @BeforeEach
    void populate() {
        tree.register(MC0 + "/check_interval", Attribute.readWrite(
                Attribute.Show.text(() -> interval.get() + "\n"),
                (value, cap) -> {
                    interval.set(new String(value, StandardCharsets.US_ASCII).trim());
                    return value.length;
                }));
        tree.register("/sys/devices/system/memory/soft_offline_page", new Attribute(0200, null, (v, cap) -> {
            if (!cap) {
                throw new ErrnoException(Errno.EPERM, "needs CAP_SYS_ADMIN");
            }
            return v.length;
        }));
        tree.register("/sys/kernel/debug/mce-inject/status", new Attribute(0600,
                Attribute.Show.text(() -> "0\n"), (v, cap) -> v.length));
    }

    private static Errno errno(ThrowingCall call) {
        return assertThrows(ErrnoException.class, call::run).errno();
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void readsAndWritesGoThroughShowAndStore() throws ErrnoException {
        assertArrayEquals("300\n".getBytes(StandardCharsets.US_ASCII), tree.read(MC0 + "/check_interval", false));
        assertEquals(3, tree.write(MC0 + "/check_interval", "60\n".getBytes(StandardCharsets.US_ASCII), true));
        assertEquals("60", interval.get());
    }

    @Test
    void otherUsersGetTheOtherPermissionBits() {
        assertEquals(Errno.EACCES, errno(() -> tree.write(MC0 + "/check_interval", new byte[] {'1'}, false)));
        assertEquals("300", interval.get());
        assertEquals(Errno.EACCES, errno(() -> tree.write("/sys/devices/system/memory/soft_offline_page",
                new byte[] {'1'}, false)));
    }

    @Test
    void debugfsIsClosedToOtherUsersEvenForListing() throws ErrnoException {
        assertEquals(Errno.EACCES, errno(() -> tree.read("/sys/kernel/debug/mce-inject/status", false)));
        assertEquals(Errno.EACCES, errno(() -> tree.list("/sys/kernel/debug/mce-inject", false)));
        assertEquals(Errno.EACCES, errno(() -> tree.list("/sys/kernel/debug", false)));
        assertArrayEquals(new byte[] {'0', '\n'}, tree.read("/sys/kernel/debug/mce-inject/status", true));
    }

    @Test
    void aFileWithoutShowRefusesReadsEvenToRoot() {
        assertEquals(Errno.EACCES, errno(() -> tree.read("/sys/devices/system/memory/soft_offline_page", true)));
    }

    @Test
    void storesCanStillCheckCapSysAdminThemselves() throws ErrnoException {
        assertEquals(3, tree.write("/sys/devices/system/memory/soft_offline_page", "0x1".getBytes(StandardCharsets.US_ASCII), true));
    }

    @Test
    void missingPathsAndDirectories() {
        assertEquals(Errno.ENOENT, errno(() -> tree.read(MC0 + "/nope", true)));
        assertEquals(Errno.EISDIR, errno(() -> tree.read(MC0, true)));
        assertEquals(Errno.EISDIR, errno(() -> tree.write("/sys", new byte[0], true)));
        assertEquals(Errno.ENOTDIR, errno(() -> tree.list(MC0 + "/check_interval", true)));
        assertEquals(Errno.ENOENT, errno(() -> tree.list("/proc", true)));
        assertEquals(Errno.ENOENT, errno(() -> tree.read(MC0 + "/../machinecheck0/check_interval", true)));
    }

    @Test
    void listingShowsFilesAndImpliedDirectoriesWithModes() throws ErrnoException {
        assertEquals(List.of(new AttrEntry("machinecheck", AttrEntry.Kind.DIRECTORY, 0755),
                        new AttrEntry("memory", AttrEntry.Kind.DIRECTORY, 0755)),
                tree.list("/sys/devices/system", false));
        assertEquals(List.of(new AttrEntry("check_interval", AttrEntry.Kind.FILE, 0644)), tree.list(MC0, false));
        assertEquals(List.of(new AttrEntry("sys", AttrEntry.Kind.DIRECTORY, 0755)), tree.list("/", false));
        assertEquals(List.of(new AttrEntry("devices", AttrEntry.Kind.DIRECTORY, 0755),
                new AttrEntry("kernel", AttrEntry.Kind.DIRECTORY, 0755)), tree.list("/sys", false));
        assertEquals(List.of(new AttrEntry("debug", AttrEntry.Kind.DIRECTORY, 0700)), tree.list("/sys/kernel", false));
    }

    @Test
    void unregisteringADirectoryRemovesEverythingBelowIt() {
        tree.register(MC0 + "/trigger", Attribute.readWrite(Attribute.Show.text(() -> "\n"), (v, c) -> v.length));
        tree.register("/sys/devices/system/machinecheck/machinecheck01/x", Attribute.readWrite(
                Attribute.Show.text(() -> "\n"), (v, c) -> v.length));
        tree.unregister(MC0);
        assertEquals(Errno.ENOENT, errno(() -> tree.read(MC0 + "/trigger", true)));
        assertEquals(Errno.ENOENT, errno(() -> tree.list(MC0, true)));
        assertEquals(true, tree.lookup("/sys/devices/system/machinecheck/machinecheck01/x").isPresent());
    }
}
