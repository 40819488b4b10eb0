package org.mcelogjava.daemon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.protocol.device.DevicePaths;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.Operation;
import org.mcelogjava.protocol.device.codec.DeviceServerCodec;
import org.mcelogjava.protocol.testing.Await;

/**
 * The simulator's socket as the start-up checks leave it: one connection reads the machine for the
 * checks and becomes the device loop's first device; only a loop that lost it connects again.
 * Against a minimal device server that counts connections and notes each connection's requests.
 */
class StartupDeviceTest {

    @TempDir
    Path dir;

    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private EventLoopGroup group;
    private Channel server;
    private Path socket;

    /**
     * Answers the handshake, /proc/cpuinfo, OPEN and the two length ioctls, and ENOSYS to the rest;
     * notes "connection N: REQUEST".
     */
    private final class FakeDevice extends SimpleChannelInboundHandler<DeviceRequest> {
        private final int number = connections.incrementAndGet();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            open.incrementAndGet();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.decrementAndGet();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DeviceRequest request) {
            DeviceResponse reply;
            if (request instanceof DeviceRequest.Hello h) {
                reply = new DeviceResponse.Hello(h.tag(), DeviceProtocol.VERSION, true, "fake");
            } else if (request instanceof DeviceRequest.AttrRead r && r.path().equals(DevicePaths.CPUINFO)) {
                requests.add("connection " + number + ": read " + r.path());
                reply = new DeviceResponse.AttrRead(r.tag(), "vendor_id\t: GenuineIntel\n".getBytes(StandardCharsets.US_ASCII));
            } else if (request instanceof DeviceRequest.AttrRead r) {
                reply = new DeviceResponse.Failed(r.tag(), Operation.ATTR_READ, Errno.ENOENT);
            } else if (request instanceof DeviceRequest.Open o) {
                requests.add("connection " + number + ": open"
                        + ((o.flags() & OpenFlags.EXCL_READERS) != 0 ? " as the only reader" : ""));
                reply = new DeviceResponse.Open(o.tag(), 3);
            } else if (request instanceof DeviceRequest.Ioctl i) {
                reply = new DeviceResponse.Ioctl(i.tag(), i.command() == McelogIoctl.MCE_GET_RECORD_LEN ? 88 : 32);
            } else { // as a server without the request answers (a simulator without STREAM: the daemon polls)
                reply = new DeviceResponse.Failed(request.tag(), request.operation(), Errno.ENOSYS);
            }
            ctx.writeAndFlush(reply);
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        socket = dir.resolve("device.sock");
        server = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel ch) {
                        ch.pipeline().addLast(new DeviceServerCodec(), new FakeDevice());
                    }
                })
                .bind(new DomainSocketAddress(socket.toFile())).sync().channel();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private StartupDevice startup() throws IOException {
        return StartupDevice.socket(new DeviceOperand.Socket(socket), DeviceConnection.connect(socket, "test"), "test");
    }

    @Test
    void theChecksConnectionIsTheLoopsFirstDeviceAndOnlyALostOneIsReplaced() throws Exception {
        try (StartupDevice device = startup()) {
            assertTrue(device.machine().readText(DevicePaths.CPUINFO).startsWith("vendor_id"));
            try (RecordDevice first = device.open(true)) {
                assertEquals(88, first.recordLength());
                assertEquals(1, connections.get(), "the start-up connection reads the records too");
                IOException late = assertThrows(IOException.class, () -> device.machine().readText(DevicePaths.CPUINFO));
                assertEquals("the start-up connection to " + socket + " now belongs to the device loop", late.getMessage());
            }
            try (RecordDevice again = device.open(true)) {
                assertEquals(32, again.logLength());
            }
        }
        assertEquals(List.of("connection 1: read /proc/cpuinfo", "connection 1: open as the only reader",
                "connection 2: open as the only reader"), requests);
        Await.until(() -> open.get() == 0, "every connection closed");
    }

    @Test
    void aStartUpConnectionLostBeforeTheLoopOpensIsReplacedAtOnce() throws Exception {
        DeviceConnection checks = DeviceConnection.connect(socket, "test");
        try (StartupDevice device = StartupDevice.socket(new DeviceOperand.Socket(socket), checks, "test")) {
            checks.close();
            try (RecordDevice first = device.open(false)) {
                assertTrue(first.isOpen());
            }
        }
        assertEquals(List.of("connection 2: open"), requests);
    }

    @Test
    void closingBeforeTheLoopOpensClosesTheStartUpConnection() throws Exception {
        StartupDevice device = startup();
        Await.until(() -> open.get() == 1, "the start-up connection");
        device.close();
        Await.until(() -> open.get() == 0, "the start-up connection closed");
        assertFalse(requests.stream().anyMatch(r -> r.contains("open")));
    }

    /**
     * A device file is opened once, before the checks, as mcelog opens it: that open file is the
     * first device the records are read from, a later open opens the path anew, and a start that
     * never reads closes it.
     */
    @Test
    void aDeviceFileOpenedBeforeTheChecksIsTheFirstDeviceAndClosedIfNeverRead() throws Exception {
        DeviceOperand.File file = new DeviceOperand.File(dir.resolve("machine/dev/mcelog"));
        OpenFile opened = new OpenFile();
        try (StartupDevice device = StartupDevice.file(file, opened, "test")) {
            assertSame(opened, device.open(true));
            IOException anew = assertThrows(IOException.class, () -> device.open(true));
            assertTrue(anew.getMessage().contains(file.path().toString()), anew.getMessage());
        }
        assertFalse(opened.closed, "the file it handed on is the reader's to close");

        OpenFile unread = new OpenFile();
        StartupDevice.file(file, unread, "test").close();
        assertTrue(unread.closed, "closed by a start that never read it");
    }

    /** An open device file as far as StartupDevice sees it: it is handed on or closed. */
    private static final class OpenFile implements RecordDevice {
        private volatile boolean closed;

        @Override
        public int recordLength() {
            return 88;
        }

        @Override
        public int logLength() {
            return 32;
        }

        @Override
        public boolean awaitRecords(int timeoutMillis) {
            return false;
        }

        @Override
        public Batch read() {
            throw new UnsupportedOperationException("not read in this test");
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
