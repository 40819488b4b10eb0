package org.mcelogjava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a device socket can be unusable gives one message naming the socket and the reason. */
class DeviceConnectionFailureTest {

    @TempDir
    Path dir;

    private DeviceUnreachableException connect(Path socket) {
        DeviceUnreachableException e = assertThrows(DeviceUnreachableException.class,
                () -> DeviceConnection.connect(socket, "test").close());
        assertEquals(socket.toString(), e.target());
        assertTrue(e.getMessage().startsWith("cannot connect to " + socket + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("null"), e.getMessage());
        return e;
    }

    @Test
    void anAbsentSocketIsNoSuchFile() {
        DeviceUnreachableException e = connect(dir.resolve("absent.sock"));
        assertEquals("No such file or directory", e.reason());
        assertTrue(e.noServer());
    }

    @Test
    void aRegularFileIsNotASocket() throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        DeviceUnreachableException e = connect(file);
        assertEquals("not a socket but a regular file", e.reason());
        assertFalse(e.noServer());
    }

    @Test
    void aDirectoryIsNotASocket() {
        assertEquals("not a socket but a directory", connect(dir).reason());
    }

    @Test
    void aSocketNobodyListensOnRefuses() throws IOException {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "closing a server leaves its socket file, as a killed one does");
        DeviceUnreachableException e = connect(socket);
        assertEquals("Connection refused", e.reason());
        assertTrue(e.noServer());
    }

    @Test
    void aServerThatClosesIsNotTheDeviceProtocol() throws Exception {
        String reason = againstServer(SocketChannel::socket);
        // A reset can reach the client as Netty's exceptionCaught (wrapped as a "protocol error") or as
        // the channel going inactive, whichever the event loop sees first.
        assertTrue(reason.matches("no device-protocol handshake \\((handshake: )?(protocol error from the simulator: )?"
                + "(connection to the simulator closed"
                + "|connection closed by the peer|Broken pipe|Connection reset by peer)\\).*"), reason);
        assertTrue(reason.endsWith("is it a simulator's device socket (mce-sim run)?"), reason);
    }

    @Test
    void aServerThatAnswersGarbageIsNotTheDeviceProtocol() throws Exception {
        String reason = againstServer(c -> {
            byte[] garbage = new byte[64];
            Arrays.fill(garbage, (byte) 0x7f);
            try {
                c.write(ByteBuffer.wrap(garbage));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(reason.startsWith("no device-protocol handshake ("), reason);
    }

    /** A Unix socket server that accepts one connection, does {@code serve} to it and closes it. */
    private String againstServer(Consumer<SocketChannel> serve) throws Exception {
        Path socket = dir.resolve("other.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread t = new Thread(() -> {
                try (SocketChannel c = server.accept()) {
                    serve.accept(c);
                } catch (IOException e) {
                    // the client's view is what the test checks
                }
            });
            t.start();
            String reason = connect(socket).reason();
            t.join();
            return reason;
        }
    }
}
