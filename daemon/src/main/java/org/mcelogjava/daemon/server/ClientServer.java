package org.mcelogjava.daemon.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.PeerCredentials;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.mcelogjava.client.EpollTransport;
import org.mcelogjava.daemon.sink.StreamHub;

/**
 * mcelog's client socket ({@code server.c}): a Unix stream socket where {@code mcelog --client},
 * the C mcelog client and collectd's mcelog plugin ask for the memory dump, the page table or a
 * ping. Peers are checked by their credentials at connect; a refused peer gets
 * {@code permission denied} and the connection is closed.
 *
 * <p>The socket file is the first gate, since connecting needs write permission on it: mode 0600
 * owned by root, or by {@code client-user} when that is another user; 0660 with the
 * {@code client-group} as group when one is configured; 0666 for {@code client-user = *}. The
 * credential check is the second gate, for anyone the mode lets through.
 */
public final class ClientServer implements AutoCloseable {

    /** Longest command line accepted. */
    static final int MAX_LINE = 4096;
    /** How long a refused peer may take to close its end. */
    private static final int REFUSED_LINGER_SECONDS = 5;

    private final EventLoopGroup group;
    private final Channel listener;
    private final ChannelGroup connections;
    private final Path path;

    private ClientServer(EventLoopGroup group, Channel listener, ChannelGroup connections, Path path) {
        this.group = group;
        this.listener = listener;
        this.connections = connections;
        this.path = path;
    }

    /**
     * Binds {@code path}. If a socket file is already there and a daemon answers {@code ping} on it
     * within {@code pingTimeoutMillis}, refuses with "mcelog server already running"; a stale file
     * is replaced.
     *
     * @param log where refused peers are reported
     */
    public static ClientServer start(Path path, ClientAccess access, ClientQueries queries, StreamHub stream,
                                     int pingTimeoutMillis, Consumer<String> log)
            throws IOException, InterruptedException {
        if (Files.exists(path)) {
            if (answersPing(path, pingTimeoutMillis)) {
                throw new IOException("mcelog server already running");
            }
            Files.delete(path);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollTransport.ioHandlers());
        ChannelGroup connections = new DefaultChannelGroup("mcelog-clients", group.next());
        try {
            Channel listener = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                        @Override
                        protected void initChannel(EpollDomainSocketChannel ch) {
                            connections.add(ch);
                            if (!admitted(ch, access, log)) {
                                refuse(ch);
                                return;
                            }
                            ch.pipeline().addLast(new ClientLineDecoder(MAX_LINE),
                                    new ClientSession(queries, stream));
                        }
                    })
                    .bind(new DomainSocketAddress(path.toFile()))
                    .sync()
                    .channel();
            protect(path, access);
            return new ClientServer(group, listener, connections, path);
        } catch (IOException | RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Tells a refused peer and ends the conversation without a reset: the reply is sent, the write
     * side shut, and whatever the peer already sent is read and dropped until it closes (closing
     * with unread input would reset the connection and could destroy the reply in flight).
     */
    private static void refuse(EpollDomainSocketChannel ch) {
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }
        });
        ch.writeAndFlush(Unpooled.copiedBuffer("permission denied\n", StandardCharsets.US_ASCII))
                .addListener(f -> ch.shutdownOutput());
        ch.eventLoop().schedule(() -> ch.close(), REFUSED_LINGER_SECONDS, TimeUnit.SECONDS);
    }

    private static void protect(Path path, ClientAccess access) throws IOException {
        if (access.uid().isPresent()) {
            Files.setAttribute(path, "unix:uid", access.uid().getAsInt());
        }
        if (access.gid().isPresent()) {
            Files.setAttribute(path, "unix:gid", access.gid().getAsInt());
        }
        String mode = access.anybody() ? "rw-rw-rw-" : access.gid().isPresent() ? "rw-rw----" : "rw-------";
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    private static boolean admitted(EpollDomainSocketChannel ch, ClientAccess access, Consumer<String> log) {
        try {
            PeerCredentials c = ch.peerCredentials();
            if (access.admits(c.uid(), c.gids())) {
                return true;
            }
            int gid = c.gids().length > 0 ? c.gids()[0] : -1;
            log.accept("rejected client access from pid:" + c.pid() + " uid:" + c.uid() + " gid:" + gid);
        } catch (IOException e) {
            log.accept("rejected client access: cannot read peer credentials: " + e.getMessage());
        }
        return false;
    }

    /**
     * Whether a live daemon answers {@code ping} on the socket at {@code path} within the timeout
     * (the read is cut off by closing the channel: Unix socket channels have no read timeout).
     */
    static boolean answersPing(Path path, int timeoutMillis) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            return false;
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeoutMillis);
                ch.close();
            } catch (InterruptedException | IOException e) {
                // answered in time, or already closed
            }
        }, "mcelog-ping-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
            Channels.newOutputStream(ch).write("ping\n".getBytes(StandardCharsets.US_ASCII));
            byte[] pong = Channels.newInputStream(ch).readNBytes(5);
            return new String(pong, StandardCharsets.US_ASCII).equals("pong\n");
        } catch (IOException e) {
            return false;
        } finally {
            watchdog.interrupt();
            try {
                ch.close();
            } catch (IOException e) {
                // nothing to do about a failed close of a probe
            }
        }
    }

    public Path path() {
        return path;
    }

    /** Closes every connection, stops listening and removes the socket file. Idempotent. */
    @Override
    public void close() throws IOException {
        if (group.isShuttingDown()) {
            return;
        }
        listener.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        Files.deleteIfExists(path);
    }
}
