package org.mcelogjava.it;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.Operation;

/**
 * A device socket between the daemon and the simulator that forwards every frame both ways, counts
 * the connections made through it, and can fail the one moment exactly-once is about: after a READ_HELD reached the daemon and the daemon
 * handled its batch, before the simulator hears the ACK. It reads the requests' frame headers
 * (PROTOCOL.md §2: {@code u32 length LE, u8 type, u8 flags, u16 tag}) and, for an ACK:
 * <ul>
 * <li>{@link #cutNextAcks}: drops the connection instead of forwarding it (the simulator gives the
 *     batch back, the daemon reconnects and reads it again);</li>
 * <li>{@link #holdAcks}: swallows it, leaving the daemon waiting for the reply (to be killed there).</li>
 * </ul>
 */
final class DeviceProxy implements AutoCloseable {

    private final Path upstream;
    private final ServerSocketChannel listener;
    private final Path socket;
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicBoolean holding = new AtomicBoolean();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<SocketChannel> open = new ArrayList<>();
    private final Thread acceptor;

    /** Listens at {@code socket}, forwarding each connection to the simulator's {@code upstream}. */
    DeviceProxy(Path socket, Path upstream) throws IOException {
        this.socket = socket;
        this.upstream = upstream;
        Files.deleteIfExists(socket);
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(this::accept, "device-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Path socket() {
        return socket;
    }

    /** Connections made through this socket so far. */
    int connections() {
        return connections.get();
    }

    /** The next {@code n} ACKs end their connection instead of reaching the simulator. */
    void cutNextAcks(int n) {
        cutsLeft.set(n);
    }

    /** Connections ended at an ACK so far. */
    int cuts() {
        return cuts.get();
    }

    /** From now on ACKs are swallowed ({@code true}) or forwarded again ({@code false}). */
    void holdAcks(boolean hold) {
        holding.set(hold);
    }

    /** ACKs swallowed so far. */
    int heldAcks() {
        return held.get();
    }

    private void accept() {
        while (listener.isOpen()) {
            try {
                SocketChannel client = listener.accept();
                connections.incrementAndGet();
                SocketChannel server = SocketChannel.open(StandardProtocolFamily.UNIX);
                server.connect(UnixDomainSocketAddress.of(upstream));
                synchronized (open) {
                    open.add(client);
                    open.add(server);
                }
                start(() -> requests(client, server));
                start(() -> copy(server, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "device-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** Client to simulator, frame by frame, deciding at each ACK. */
    private void requests(SocketChannel client, SocketChannel server) {
        try {
            while (true) {
                ByteBuffer header = ByteBuffer.allocate(DeviceProtocol.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
                if (!readFully(client, header)) {
                    break;
                }
                int length = header.getInt(0);
                int type = header.get(4) & 0xff;
                ByteBuffer body = ByteBuffer.allocate(length);
                if (!readFully(client, body)) {
                    break;
                }
                if (type == Operation.ACK.requestType()) {
                    if (cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        cuts.incrementAndGet();
                        break;
                    }
                    if (holding.get()) {
                        held.incrementAndGet();
                        continue;
                    }
                }
                header.flip();
                body.flip();
                while (header.hasRemaining()) {
                    server.write(header);
                }
                while (body.hasRemaining()) {
                    server.write(body);
                }
            }
        } catch (IOException e) {
            // either side went away
        }
        closeQuietly(client);
        closeQuietly(server);
    }

    private static void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    to.write(buf);
                }
                buf.clear();
            }
        } catch (IOException e) {
            // either side went away
        }
        closeQuietly(from);
        closeQuietly(to);
    }

    private static boolean readFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (open) {
            open.forEach(DeviceProxy::closeQuietly);
        }
        Files.deleteIfExists(socket);
    }
}
