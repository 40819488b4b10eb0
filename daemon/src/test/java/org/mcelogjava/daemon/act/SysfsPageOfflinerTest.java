package org.mcelogjava.daemon.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.daemon.machine.SocketMachineFiles;
import org.mcelogjava.daemon.policy.PageOffliner;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.Operation;
import org.mcelogjava.protocol.device.codec.DeviceServerCodec;

/** The sysfs writes of page offlining, against a minimal device server that records attribute writes. */
class SysfsPageOfflinerTest {

    @TempDir
    Path dir;

    private final List<String> writes = new CopyOnWriteArrayList<>();

    /** Answers the handshake, records every attribute write, and refuses hard offlining with EBUSY. */
    private final class FakeDevice extends SimpleChannelInboundHandler<DeviceRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DeviceRequest request) {
            if (request instanceof DeviceRequest.Hello h) {
                ctx.writeAndFlush(new DeviceResponse.Hello(h.tag(), DeviceProtocol.VERSION, true, "fake"));
            } else if (request instanceof DeviceRequest.AttrWrite w) {
                writes.add(w.path() + " <- " + new String(w.value(), StandardCharsets.UTF_8));
                ctx.writeAndFlush(w.path().endsWith("hard_offline_page")
                        ? new DeviceResponse.Failed(w.tag(), Operation.ATTR_WRITE, Errno.EBUSY)
                        : new DeviceResponse.AttrWrite(w.tag(), w.value().length));
            }
        }
    }

    @Test
    void writesTheAddressInHexToTheKernelsOfflineFiles() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Path socket = dir.resolve("device.sock");
        try {
            Channel server = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                        @Override
                        protected void initChannel(EpollDomainSocketChannel ch) {
                            ch.pipeline().addLast(new DeviceServerCodec(), new FakeDevice());
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toFile())).sync().channel();
            try (DeviceConnection device = DeviceConnection.connect(socket, "test")) {
                PageOffliner offliner = new SysfsPageOffliner(new SocketMachineFiles(() -> device));
                offliner.offline(0x1234_5000L, PageOffliner.Kind.SOFT);
                IOException refused = assertThrows(IOException.class,
                        () -> offliner.offline(0x2000L, PageOffliner.Kind.HARD));
                assertEquals("Device or resource busy", refused.getMessage());
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
        assertEquals(List.of("/sys/devices/system/memory/soft_offline_page <- 0x12345000",
                "/sys/devices/system/memory/hard_offline_page <- 0x2000"), writes);
    }
}
