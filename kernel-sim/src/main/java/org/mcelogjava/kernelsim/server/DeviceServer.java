package org.mcelogjava.kernelsim.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.PeerCredentials;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.mcelogjava.client.EpollTransport;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.codec.DeviceServerCodec;
import org.mcelogjava.protocol.device.codec.ProtocolErrorHandler;

/**
 * Serves the simulated kernel's {@code /dev/mcelog} and attribute tree over the device protocol
 * (protocol/PROTOCOL.md) on a Unix domain socket, with Netty's epoll transport. Each connection
 * gets a {@link DeviceSession}; privilege comes from the peer's {@code SO_PEERCRED}. An optional TCP
 * listener serves the same protocol to peers whose credentials cannot be known: they are never
 * privileged (they read what the kernel lets any user read).
 *
 * <p>The engine never waits for a client: logging a record only queues a wake-up task on the
 * event loops of the connections asleep in POLL.
 */
public final class DeviceServer implements AutoCloseable {

    /**
     * INIT_MODULE requests up to this size are accepted: enough for a module image of a few MiB.
     * Every other request has the protocol's default limit (PROTOCOL.md §2).
     */
    public static final int MAX_MODULE_FRAME = 8 * 1024 * 1024;
    /** The permission bits of /dev/mcelog as udev creates it. */
    public static final int DEFAULT_DEVICE_MODE = 0600;
    /**
     * Threads the sessions run their blocking requests on, off the event loop: a sysfs read or
     * store, a legacy write or a module load waits for the simulated kernel's engine (up to a minute
     * for a runaway injection) as a process sits in a system call, and must not stall the I/O of
     * every other connection. Each connection gets one of them, so its calls run in order.
     */
    static final int SYSCALL_THREADS = 16;

    private final EventLoopGroup group;
    private final EventExecutorGroup syscalls;
    private final Channel listener;
    private final ChannelGroup connections;
    private final Path socket;
    private final Session sessions;
    private final List<Channel> tcpListeners = new CopyOnWriteArrayList<>();

    /** Builds one connection's pipeline: the codec, its session, the protocol-error reply. */
    private record Session(McelogDevice device, SysfsTree sysfs, ModuleService modules, int maxModuleFrame,
                           String identity, int deviceMode, ChannelGroup connections, EventExecutorGroup syscalls,
                           Consumer<String> log) {

        void init(Channel ch, boolean privileged) {
            connections.add(ch);
            ch.pipeline().addLast(
                    new DeviceServerCodec(DeviceProtocol.DEFAULT_MAX_REQUEST_FRAME, maxModuleFrame),
                    new DeviceSession(device, sysfs, modules, identity, privileged, deviceMode, syscalls.next()),
                    new ProtocolErrorHandler(cause -> log.accept("device client " + ch.remoteAddress() + ": " + cause)));
        }
    }

    private DeviceServer(EventLoopGroup group, EventExecutorGroup syscalls, Channel listener,
                         ChannelGroup connections, Path socket, Session sessions) {
        this.group = group;
        this.syscalls = syscalls;
        this.listener = listener;
        this.connections = connections;
        this.socket = socket;
        this.sessions = sessions;
    }

    /**
     * Binds the socket at {@code socket} and starts serving. A stale socket file left by a dead
     * server is replaced; a live server's socket is left to it ({@link SocketClaim}).
     *
     * @throws SocketInUseException a server is listening on {@code socket}
     *
     * @param threads  event loop threads for all connections
     * @param log      where a connection's failure (a protocol error, a dead peer) is reported
     */
    public static DeviceServer start(Path socket, McelogDevice device, SysfsTree sysfs, String identity,
                                     PeerPolicy policy, int deviceMode, int threads, Consumer<String> log)
            throws IOException, InterruptedException {
        return start(socket, device, sysfs, ModuleService.NONE, MAX_MODULE_FRAME, identity, policy, deviceMode,
                threads, log);
    }

    /**
     * As above, with the kernel's module system behind INIT_MODULE and DELETE_MODULE.
     *
     * @param maxModuleFrame the largest INIT_MODULE request accepted: a module image travels in one frame
     */
    public static DeviceServer start(Path socket, McelogDevice device, SysfsTree sysfs, ModuleService modules,
                                     int maxModuleFrame, String identity, PeerPolicy policy, int deviceMode,
                                     int threads, Consumer<String> log) throws IOException, InterruptedException {
        SocketClaim.claim(socket);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, EpollTransport.ioHandlers());
        // Connections are closed explicitly at stop: an event loop that shuts down does not close
        // the sockets registered with it, and a client asleep in POLL must see the end.
        ChannelGroup connections = new DefaultChannelGroup("mcelog-device-clients", group.next());
        EventExecutorGroup syscalls = new DefaultEventExecutorGroup(SYSCALL_THREADS,
                new DefaultThreadFactory("mce-sim-syscall", true));
        Session sessions = new Session(device, sysfs, modules, maxModuleFrame, identity, deviceMode, connections,
                syscalls, log);
        try {
            Channel listener = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                        @Override
                        protected void initChannel(EpollDomainSocketChannel ch) {
                            sessions.init(ch, privileged(ch, policy, log));
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toFile()))
                    .sync()
                    .channel();
            return new DeviceServer(group, syscalls, listener, connections, socket, sessions);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully();
            syscalls.shutdownGracefully();
            throw e;
        }
    }

    private static boolean privileged(EpollDomainSocketChannel ch, PeerPolicy policy, Consumer<String> log) {
        try {
            PeerCredentials cred = ch.peerCredentials();
            return policy.privileged(cred.uid(), cred.gids());
        } catch (IOException e) {
            log.accept("cannot read peer credentials, treating the peer as unprivileged: " + e.getMessage());
            return false;
        }
    }

    /**
     * Also serves the protocol on TCP at {@code address} (port 0: any free port). Its peers are
     * unprivileged. The caller decides the address; the simulator's default is loopback.
     *
     * @return the address bound
     */
    public InetSocketAddress listenTcp(InetSocketAddress address) throws InterruptedException {
        Channel tcp = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<EpollSocketChannel>() {
                    @Override
                    protected void initChannel(EpollSocketChannel ch) {
                        sessions.init(ch, false);
                    }
                })
                .bind(address)
                .sync()
                .channel();
        tcpListeners.add(tcp);
        return (InetSocketAddress) tcp.localAddress();
    }

    /** The socket path clients connect to. */
    public Path socket() {
        return socket;
    }

    /** Stops listening, closes every connection and removes the socket file. Closing twice is harmless. */
    @Override
    public void close() throws IOException {
        if (group.isShuttingDown()) {
            return;
        }
        listener.close().syncUninterruptibly();
        tcpListeners.forEach(l -> l.close().syncUninterruptibly());
        connections.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        syscalls.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        Files.deleteIfExists(socket);
    }
}
