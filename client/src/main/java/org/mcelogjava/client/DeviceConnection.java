package org.mcelogjava.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.codec.DeviceClientCodec;

/**
 * A connection to the simulated kernel's device socket, with one blocking method per file
 * operation, as a C program would call {@code open}, {@code ioctl}, {@code poll}, {@code read} on
 * {@code /dev/mcelog} and {@code read}/{@code write} on sysfs files.
 *
 * <p>Methods may be called from several threads at once: each request gets its own tag, so a
 * thread asleep in {@link #poll} does not hold up another thread's attribute write. A failed system
 * call throws {@link DeviceException} with the errno; a broken connection throws
 * {@link IOException}, after which the connection is closed.
 */
public final class DeviceConnection implements AutoCloseable {

    /** How long a request other than POLL may take before the server is considered hung. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final EventLoopGroup group;
    private final Channel channel;
    private final Map<Integer, CompletableFuture<DeviceResponse>> pending;
    private final Map<Integer, Stream> streams;
    private final DeviceResponse.Hello hello;
    private int nextTag;

    /**
     * Receives one STREAM's pushes, in order, on the connection's I/O thread: it must not block.
     * After {@link #ended} it gets nothing more.
     */
    public interface StreamListener {
        /** Records the server pushed; the handle holds them until they are acknowledged. */
        void pushed(DeviceResponse.Stream records);

        /** The connection is gone ({@code cause} says how): no more pushes. */
        void ended(IOException cause);
    }

    /** A stream this connection receives: its handle and who gets its pushes. */
    private record Stream(int handle, StreamListener listener) {
    }

    private DeviceConnection(EventLoopGroup group, Channel channel,
                             Map<Integer, CompletableFuture<DeviceResponse>> pending, Map<Integer, Stream> streams,
                             DeviceResponse.Hello hello) {
        this.group = group;
        this.channel = channel;
        this.pending = pending;
        this.streams = streams;
        this.hello = hello;
        this.nextTag = 1;
    }

    /**
     * Connects to the device socket and performs the handshake; a socket that is absent, refuses,
     * or does not answer the handshake throws {@link DeviceUnreachableException} naming it and why,
     * and a Netty whose native library cannot load {@link EpollTransport.Unavailable}.
     *
     * @param identity how this client names itself to the server, e.g. "mcelog-java/0.1.0"
     * @param maxResponseFrame the largest reply accepted: a READ of a log of {@code len} slots needs
     *                         {@link DeviceProtocol#readResponseFrameLength}
     */
    public static DeviceConnection connect(Path socket, String identity, int maxResponseFrame) throws IOException {
        return connect(new DomainSocketAddress(socket.toFile()), EpollDomainSocketChannel.class, socket.toString(),
                identity, maxResponseFrame);
    }

    /**
     * Connects to a simulator's TCP listener ({@code mce-sim run --tcp}) and performs the
     * handshake. Its peers are unprivileged: the HELLO reply says so.
     */
    public static DeviceConnection connect(InetSocketAddress address, String identity) throws IOException {
        return connect(address, EpollSocketChannel.class, address.toString(), identity,
                DeviceProtocol.DEFAULT_MAX_RESPONSE_FRAME);
    }

    private static DeviceConnection connect(SocketAddress address, Class<? extends Channel> transport, String name,
                                            String identity, int maxResponseFrame) throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollTransport.ioHandlers());
        Map<Integer, CompletableFuture<DeviceResponse>> pending = new ConcurrentHashMap<>();
        Map<Integer, Stream> streams = new ConcurrentHashMap<>();
        Channel ch;
        try {
            ch = new Bootstrap()
                    .group(group)
                    .channel(transport)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel c) {
                            c.pipeline().addLast(new DeviceClientCodec(maxResponseFrame),
                                    new Router(pending, streams));
                        }
                    })
                    .connect(address)
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) { // Netty rethrows the connect failure as it is, checked or not
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            String reason = connectReason(address, e);
            throw new DeviceUnreachableException(name, reason,
                    reason.equals(Errno.ENOENT.description()) || reason.equals("Connection refused"), e);
        }
        try {
            DeviceConnection partial = new DeviceConnection(group, ch, pending, streams, null);
            DeviceResponse reply = partial.call(new DeviceRequest.Hello(0, DeviceProtocol.VERSION, identity), "handshake");
            return new DeviceConnection(group, ch, pending, streams, (DeviceResponse.Hello) reply);
        } catch (IOException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new DeviceUnreachableException(name, "no device-protocol handshake (" + IoReason.of(e)
                    + "); is it a simulator's device socket (mce-sim run)?", false, e);
        } catch (DeviceException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new DeviceUnreachableException(name, "handshake refused: " + e.getMessage(), false, e);
        }
    }

    private static String connectReason(SocketAddress address, Throwable failure) {
        return address instanceof DomainSocketAddress unix ? IoReason.ofConnect(Path.of(unix.path()), failure)
                : IoReason.of(failure);
    }

    /** Connects with the default reply limit ({@link DeviceProtocol#DEFAULT_MAX_RESPONSE_FRAME}). */
    public static DeviceConnection connect(Path socket, String identity) throws IOException {
        return connect(socket, identity, DeviceProtocol.DEFAULT_MAX_RESPONSE_FRAME);
    }

    /** The server's identity from its HELLO, e.g. "mce-sim/0.1.0 kernel=6.12". */
    public String serverIdentity() {
        return hello.identity();
    }

    /** Whether the server grants this connection CAP_SYS_ADMIN. */
    public boolean privileged() {
        return hello.privileged();
    }

    /** {@code open("/dev/mcelog", flags)}: returns the handle. */
    public int open(int flags) throws IOException, DeviceException {
        return ((DeviceResponse.Open) call(new DeviceRequest.Open(tag(), flags), "open /dev/mcelog")).handle();
    }

    /** {@code close(handle)}. */
    public void close(int handle) throws IOException, DeviceException {
        call(new DeviceRequest.Close(tag(), handle), "close");
    }

    /** {@code ioctl(handle, command, &value)}: returns the value. */
    public int ioctl(int handle, int command) throws IOException, DeviceException {
        return ((DeviceResponse.Ioctl) call(new DeviceRequest.Ioctl(tag(), handle, command), "ioctl")).value();
    }

    /** {@code read(handle, buf, count)}: the bytes read (empty when the log is empty). */
    public byte[] read(int handle, int count) throws IOException, DeviceException {
        return ((DeviceResponse.Read) call(new DeviceRequest.Read(tag(), handle, count), "read")).data();
    }

    /**
     * READ_HELD (simulator extension): a read whose records the simulator keeps for this handle
     * until {@link #ack}; the reply numbers them from its {@code firstSequence()}.
     */
    public DeviceResponse.ReadHeld readHeld(int handle, int count) throws IOException, DeviceException {
        return (DeviceResponse.ReadHeld) call(new DeviceRequest.ReadHeld(tag(), handle, count), "read");
    }

    /** ACK (simulator extension): the records of this handle numbered below {@code upTo} are safe. */
    public void ack(int handle, long upTo) throws IOException, DeviceException {
        call(new DeviceRequest.Ack(tag(), handle, upTo), "ack");
    }

    /**
     * ACK without waiting for the reply: returns when the request is handed to the connection; the
     * stage completes with the reply, exceptionally with a {@link DeviceException} for a refusal
     * or an {@link IOException} when the connection is gone. ACKs sent one after another from one
     * thread, or each after the one before it returned, reach the server in that order.
     */
    public CompletableFuture<Void> ackLater(int handle, long upTo) {
        return send(new DeviceRequest.Ack(tag(), handle, upTo)).thenApply(r -> {
            if (r instanceof DeviceResponse.Failed failed) {
                throw new CompletionException(
                        new DeviceException(failed.operation(), failed.errno(), "ack"));
            }
            return null;
        });
    }

    /**
     * STREAM (simulator extension): the server pushes the handle's records to {@code listener} as
     * they are logged, holding them as READ_HELD does, while the handle holds fewer than
     * {@code window} (1 to the log length) unacknowledged; {@link #ack} makes room. Returns once
     * the server has accepted; a STREAM on a handle replaces its earlier stream.
     *
     * @throws DeviceException EBADF (no such handle, or not open for reading), EINVAL (a window
     *                         larger than the log), ENOSYS (a simulator without streams)
     */
    public void stream(int handle, int window, StreamListener listener) throws IOException, DeviceException {
        if (window < 1) {
            throw new IllegalArgumentException("a stream's window is at least one record, not " + window);
        }
        int tag = tag();
        streams.put(tag, new Stream(handle, listener));
        try {
            call(new DeviceRequest.Stream(tag, handle, window), "stream");
        } catch (IOException | DeviceException | RuntimeException e) {
            streams.remove(tag);
            throw e;
        }
        streams.entrySet().removeIf(e -> e.getKey() != tag && e.getValue().handle() == handle);
    }

    /** {@code write(handle, data)}: the count the kernel took. */
    public int write(int handle, byte[] data) throws IOException, DeviceException {
        return ((DeviceResponse.Write) call(new DeviceRequest.Write(tag(), handle, data), "write")).count();
    }

    /**
     * WRITE_TOGETHER (simulator extension): the {@code write(handle, data)}s of several threads
     * released at the same moment, 1 to {@link org.mcelogjava.protocol.device.DeviceProtocol#MAX_WRITES_TOGETHER}
     * buffers. The reply says what each write returned, in order: the count the kernel took, or
     * {@code -errno} ({@link DeviceResponse.WriteTogether#errno(int)}); a refused handle throws.
     */
    public DeviceResponse.WriteTogether writeTogether(int handle, List<byte[]> writes)
            throws IOException, DeviceException {
        return (DeviceResponse.WriteTogether) call(new DeviceRequest.WriteTogether(tag(), handle, writes), "write");
    }

    /**
     * {@code poll()} on one handle: sleeps until the device is readable or {@code timeoutMillis}
     * passes (-1: no timeout). Returns revents, 0 on timeout.
     */
    public int poll(int handle, int events, int timeoutMillis) throws IOException {
        try {
            DeviceResponse r = call(new DeviceRequest.Poll(tag(), handle, events, timeoutMillis), "poll", null);
            return ((DeviceResponse.Poll) r).revents();
        } catch (DeviceException e) {
            throw new IOException("poll failed: " + e.getMessage(), e);
        }
    }

    /** Reads a sysfs/debugfs file whole. */
    public byte[] readAttribute(String path) throws IOException, DeviceException {
        return ((DeviceResponse.AttrRead) call(new DeviceRequest.AttrRead(tag(), path), path)).value();
    }

    /** Reads a text attribute, e.g. "300\n". */
    public String readText(String path) throws IOException, DeviceException {
        return new String(readAttribute(path), StandardCharsets.UTF_8);
    }

    /** Writes a sysfs/debugfs file; returns what its store returned. */
    public int writeAttribute(String path, byte[] value) throws IOException, DeviceException {
        return ((DeviceResponse.AttrWrite) call(new DeviceRequest.AttrWrite(tag(), path, value), path)).count();
    }

    /** Writes text to an attribute, as {@code echo -n TEXT > path}. */
    public int writeText(String path, String text) throws IOException, DeviceException {
        return writeAttribute(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Lists a directory of the attribute tree. */
    public List<AttrEntry> list(String path) throws IOException, DeviceException {
        return ((DeviceResponse.AttrList) call(new DeviceRequest.AttrList(tag(), path), path)).entries();
    }

    /** {@code init_module(2)}: loads the module jar {@code image} with {@code name=value} parameters. */
    public void initModule(byte[] image, String params) throws IOException, DeviceException {
        call(new DeviceRequest.InitModule(tag(), image, params), "init_module");
    }

    /** {@code delete_module(2)}: unloads module {@code name}. */
    public void deleteModule(String name, int flags) throws IOException, DeviceException {
        call(new DeviceRequest.DeleteModule(tag(), name, flags), "delete_module " + name);
    }

    /** Whether the connection is still up. */
    public boolean isOpen() {
        return channel.isActive();
    }

    /**
     * Closes the connection; the server releases every handle it held. Closing twice is harmless.
     * Called from the connection's own I/O thread (a {@link StreamListener}, or a stage a reply
     * completed), it closes without waiting, as that thread cannot wait for itself.
     */
    @Override
    public void close() {
        if (group.isShuttingDown()) {
            return;
        }
        if (channel.eventLoop().inEventLoop()) {
            channel.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            return;
        }
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private synchronized int tag() {
        do {
            nextTag = nextTag % (DeviceProtocol.NO_TAG - 1) + 1;
        } while (pending.containsKey(nextTag) || streams.containsKey(nextTag));
        return nextTag;
    }

    private DeviceResponse call(DeviceRequest request, String what) throws IOException, DeviceException {
        return call(request, what, REPLY_TIMEOUT);
    }

    /** Sends {@code request}; the future completes with its reply, or fails when the connection does. */
    private CompletableFuture<DeviceResponse> send(DeviceRequest request) {
        CompletableFuture<DeviceResponse> reply = new CompletableFuture<>();
        pending.put(request.tag(), reply);
        channel.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                pending.remove(request.tag());
                reply.completeExceptionally(f.cause());
            }
        });
        return reply;
    }

    private DeviceResponse call(DeviceRequest request, String what, Duration timeout)
            throws IOException, DeviceException {
        CompletableFuture<DeviceResponse> reply = send(request);
        DeviceResponse r;
        try {
            r = timeout == null ? reply.get() : reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.remove(request.tag());
            throw new IOException(what + ": interrupted", e);
        } catch (TimeoutException e) {
            pending.remove(request.tag());
            throw new IOException(what + ": no reply from the simulator within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io && io.getMessage() != null ? io
                    : new IOException(what + ": " + IoReason.of(cause), cause);
        }
        if (r instanceof DeviceResponse.Failed failed) {
            throw new DeviceException(failed.operation(), failed.errno(), what);
        }
        return r;
    }

    /**
     * Completes each pending call with the reply of its tag, and hands a stream's later replies to
     * its listener; fails them all when the connection dies.
     */
    private static final class Router extends SimpleChannelInboundHandler<DeviceResponse> {
        private final Map<Integer, CompletableFuture<DeviceResponse>> pending;
        private final Map<Integer, Stream> streams;

        Router(Map<Integer, CompletableFuture<DeviceResponse>> pending, Map<Integer, Stream> streams) {
            this.pending = pending;
            this.streams = streams;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DeviceResponse response) {
            if (response instanceof DeviceResponse.ProtocolError error) {
                failAll(new IOException("simulator refused the connection: " + error.errno().name() + ": " + error.message()));
                ctx.close();
                return;
            }
            CompletableFuture<DeviceResponse> call = pending.remove(response.tag());
            if (call != null) {
                call.complete(response);
                return;
            }
            Stream stream = streams.get(response.tag());
            if (stream != null && response instanceof DeviceResponse.Stream records) {
                stream.listener().pushed(records);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failAll(new IOException("protocol error from the simulator: " + IoReason.of(cause), cause));
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failAll(new IOException("connection to the simulator closed"));
        }

        private void failAll(IOException cause) {
            for (Integer tag : List.copyOf(streams.keySet())) {
                Stream stream = streams.remove(tag);
                if (stream != null) {
                    stream.listener().ended(cause);
                }
            }
            for (Integer tag : List.copyOf(pending.keySet())) {
                CompletableFuture<DeviceResponse> call = pending.remove(tag);
                if (call != null) {
                    call.completeExceptionally(cause);
                }
            }
        }
    }
}
