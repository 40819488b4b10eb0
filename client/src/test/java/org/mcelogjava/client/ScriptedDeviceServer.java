package org.mcelogjava.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.codec.DeviceServerCodec;
import org.mcelogjava.protocol.device.codec.ProtocolErrorHandler;

/**
 * A device-protocol server on a real Unix socket, built from the protocol module's server codec,
 * whose answers a test scripts: every request is recorded, and {@code answer} returns the reply to
 * send at once, or null to hold it (as the simulator holds a POLL) until the test calls
 * {@link #send}. The simulator itself cannot serve the client's tests: kernel-sim depends on client.
 */
final class ScriptedDeviceServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final BlockingQueue<DeviceRequest> requests = new LinkedBlockingQueue<>();
    private final Channel listener;
    private volatile Channel client;

    ScriptedDeviceServer(Path socket, Function<DeviceRequest, DeviceResponse> answer) {
        listener = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        client = ch;
                        ch.pipeline().addLast(new DeviceServerCodec(), new SimpleChannelInboundHandler<DeviceRequest>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, DeviceRequest request) {
                                requests.add(request);
                                DeviceResponse reply = answer.apply(request);
                                if (reply != null) {
                                    ctx.writeAndFlush(reply);
                                }
                            }
                        }, new ProtocolErrorHandler(e -> { }));
                    }
                })
                .bind(new DomainSocketAddress(socket.toFile())).syncUninterruptibly().channel();
    }

    /** The next request the client sent (waits up to 10 s; fails naming what it waited for). */
    DeviceRequest next() throws InterruptedException {
        DeviceRequest r = requests.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("waited 10 s for a request from the client");
        }
        return r;
    }

    /** Sends {@code reply} on the client's connection (a held answer, or an unsolicited frame). */
    void send(DeviceResponse reply) {
        client.writeAndFlush(reply).syncUninterruptibly();
    }

    /** Closes the client's connection from the server's side, as a simulator that exits does. */
    void hangUp() {
        client.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
