package org.mcelogjava.daemon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.IoReason;

/** How mcelog's device operand is read: by what the path is, with real files, sockets and system calls. */
class DeviceOperandTest {

    @TempDir
    Path dir;

    @Test
    void aUnixSocketIsTheSimulatorsProtocol() throws IOException {
        Path socket = dir.resolve("mce.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertEquals(new DeviceOperand.Socket(socket), DeviceOperand.of(socket));
        }
    }

    @Test
    void aPathNothingServesYetIsASocketToWaitFor() throws IOException {
        assertEquals(new DeviceOperand.Socket(dir.resolve("later.sock")), DeviceOperand.of(dir.resolve("later.sock")));
    }

    @Test
    void aCharacterDeviceOrARegularFileIsReadWithTheSystemCalls() throws IOException {
        assertEquals(new DeviceOperand.File(Path.of("/dev/null")), DeviceOperand.of(Path.of("/dev/null")));
        Path mounted = Files.writeString(Files.createDirectories(dir.resolve("machine/dev")).resolve("mcelog"), "");
        assertEquals(new DeviceOperand.File(mounted), DeviceOperand.of(mounted));
    }

    @Test
    void anythingElseIsRefusedNamingWhatItIs() {
        FileSystemException e = assertThrows(FileSystemException.class, () -> DeviceOperand.of(dir));
        assertEquals(dir.toString(), e.getFile());
        assertEquals("is a directory, not a device (the simulator's socket, a character device or a mounted"
                + " device file)", IoReason.of(e));
    }

    @Test
    void theMachinesFilesAreBesideItsDevDirectory() {
        assertEquals(Path.of("/"), new DeviceOperand.File(Path.of("/dev/mcelog")).machineRoot());
        assertEquals(dir.resolve("machine"), new DeviceOperand.File(dir.resolve("machine/dev/mcelog")).machineRoot());
        assertEquals(Path.of("/"), new DeviceOperand.File(dir.resolve("records.bin")).machineRoot());
    }

    @Test
    void aFileThatIsNoMcelogDeviceFailsAtItsFirstIoctlWithStrerror() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain"), "not a device");
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> DeviceOperand.of(plain).open("test", true).close());
        assertEquals(plain + ": ioctl MCE_GET_RECORD_LEN: Inappropriate ioctl for device", e.getMessage());
    }

    @Test
    void aMissingOrForbiddenFileSaysWhyWithStrerror() throws IOException {
        FileSystemException missing = assertThrows(FileSystemException.class,
                () -> new DeviceOperand.File(dir.resolve("gone")).open("test", true));
        assertEquals("No such file or directory", IoReason.of(missing));
        assertEquals(dir.resolve("gone").toString(), missing.getFile());
    }
}
