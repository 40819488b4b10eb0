package org.mcelogjava.kernelsim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.protocol.device.DevicePaths;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.testing.Await;
import org.mcelogjava.protocol.device.Operation;
import org.mcelogjava.protocol.device.codec.DeviceRequestEncoder;
import org.mcelogjava.protocol.testing.Fuzzing;

/**
 * 100,000 random and mutated frames against the simulator's device server (issue #8, seeded).
 * Each connection sends well-formed requests with random fields back to back (pipelined, as a
 * client with several threads does), every one of which must be answered exactly once under its
 * own tag (an errno is an answer), then one mutated frame and the end of its
 * output: a frame of an unknown type must get PROTOCOL_ERROR; any mutated frame must end in an
 * answer, a PROTOCOL_ERROR or the close. Afterwards a well-formed client is still served, every
 * handle was released (an O_EXCL open succeeds), and the heap after GC has not grown.
 */
class DeviceFuzzTest {

    private static final int FRAMES = 100_000;
    private static final int PER_CONNECTION = 100;
    private static final List<String> PATHS = List.of(
            DevicePaths.machinecheck(0, DevicePaths.CHECK_INTERVAL), DevicePaths.machinecheck(1, "bank3"),
            DevicePaths.machinecheck(2, "monarch_timeout"), DevicePaths.machinecheck(3, "ignore_ce"),
            DevicePaths.machinecheck(0, "cmci_disabled"), DevicePaths.machinecheck(0, "dont_log_ce"),
            DevicePaths.SOFT_OFFLINE_PAGE, DevicePaths.HARD_OFFLINE_PAGE, DevicePaths.CPU_DIR + "/cpu2/online",
            DevicePaths.mceInject(DevicePaths.INJECT_STATUS), DevicePaths.mceInject(DevicePaths.INJECT_BANK),
            DevicePaths.mceInject(DevicePaths.INJECT_FLAGS), DevicePaths.FAKE_PANIC, DevicePaths.BOOT_ID, "/dev/kmsg",
            "/proc/modules", DevicePaths.MACHINECHECK_DIR, "/sys", "/sys/no/such", "/dev/mcelog/x");

    @TempDir
    Path dir;
    private SimulatorService service;
    private final Random rnd = new Random(0x6d63656cL);
    private final EmbeddedChannel encoder = new EmbeddedChannel(new DeviceRequestEncoder());
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() throws Exception {
        encoder.finishAndReleaseAll();
        watchdog.shutdownNow();
        if (service != null) {
            service.close();
        }
    }

    @Test
    void randomAndMutatedFramesAreAnsweredAndNeverHurtTheServer() throws Exception {
        ServiceConfig config = new ServiceConfig(dir.resolve("mce.sock"), 4, CpuProfiles.skylakeServer(),
                KernelProfile.V6_12, new ServiceConfig.ClockMode.Stepped(), "none", 1, Set.of(), Set.of(), 0600);
        service = SimulatorService.start(config, MceObserver.NONE, (uid, gids) -> true, msg -> { });
        int sent = 0;
        int protocolErrors = 0;
        int unknownTypes = 0;
        long heapBefore = 0;
        for (int connection = 0; sent < FRAMES; connection++) {
            if (connection == 20) {
                heapBefore = Fuzzing.heapAfterGc(); // after warm-up: classes loaded, pools filled
            }
            Outcome o = fuzzOneConnection();
            sent += o.frames;
            protocolErrors += o.protocolError ? 1 : 0;
            unknownTypes += o.unknownType ? 1 : 0;
        }
        long growth = Fuzzing.heapAfterGc() - heapBefore;

        try (DeviceConnection good = DeviceConnection.connect(service.server().socket(), "after-the-fuzz")) {
            // Every fuzz handle is released: the server releases a connection's handles when it sees the
            // connection close, which may come just after the last fuzz connection's close returned.
            int[] opened = {-1};
            Await.until(() -> {
                try {
                    opened[0] = good.open(OpenFlags.O_RDONLY | OpenFlags.O_EXCL);
                    return true;
                } catch (DeviceException busy) {
                    return false;
                }
            }, "an exclusive open once the fuzz connections are gone");
            int fd = opened[0];
            assertTrue(good.ioctl(fd, McelogIoctl.MCE_GET_LOG_LEN) >= 32);
            assertTrue(good.readText(DevicePaths.BOOT_ID).length() == 37);
            good.close(fd);
        }
        assertTrue(protocolErrors > 500, "mutations caught: " + protocolErrors);
        assertTrue(unknownTypes > 50, "unknown types sent: " + unknownTypes);
        assertTrue(growth < 32L << 20, "heap grew by " + (growth >> 20) + " MiB over " + sent + " frames");
        System.out.printf("device fuzz: %d frames, %d protocol errors, heap growth %d KiB%n", sent, protocolErrors,
                growth >> 10);
    }

    private record Outcome(int frames, boolean protocolError, boolean unknownType) {
    }

    private Outcome fuzzOneConnection() throws IOException {
        try (Wire wire = new Wire(service.server().socket(), watchdog)) {
            wire.send(encode(new DeviceRequest.Hello(0, DeviceProtocol.VERSION, "fuzz")));
            assertEquals(Operation.HELLO.responseType(), wire.reply().type());
            int n = 1 + rnd.nextInt(PER_CONNECTION);
            Map<Integer, DeviceRequest> unanswered = new HashMap<>();
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int tag = 1; tag < n; tag++) {
                DeviceRequest r = randomRequest(tag);
                unanswered.put(tag, r);
                batch.writeBytes(encode(r));
            }
            wire.send(batch.toByteArray()); // one write: a round trip per connection, not per frame
            while (!unanswered.isEmpty()) {
                Reply reply = wire.reply();
                DeviceRequest r = unanswered.remove(reply.tag());
                assertTrue(r != null, "a reply of type " + reply.type() + " under tag " + reply.tag()
                        + ", which is not an unanswered request's");
                assertEquals(r.operation().responseType(), reply.type(), "reply to " + r);
            }
            byte[] bad = mutate(encode(randomRequest(n)));
            int type = bad.length >= 5 ? bad[4] & 0xFF : -1;
            boolean unknownType = bad.length >= 8 && Operation.fromRequestType(type).isEmpty();
            boolean protocolError = false;
            try {
                wire.send(bad);
                wire.endOutput();
                while (true) {
                    if (wire.reply().type() == DeviceProtocol.PROTOCOL_ERROR_TYPE) {
                        protocolError = true;
                    }
                }
            } catch (EOFException | SocketException closed) {
                // the server closed after answering (a reset when it left our garbage unread): the
                // end of every fuzzed connection
            }
            if (unknownType) {
                assertTrue(protocolError, "a frame of unknown type 0x" + Integer.toHexString(type) + " got no error");
            }
            return new Outcome(n, protocolError, unknownType);
        }
    }

    private DeviceRequest randomRequest(int tag) {
        int handle = 3 + rnd.nextInt(4) - 1;
        return switch (rnd.nextInt(13)) {
            case 0 -> new DeviceRequest.Open(tag, List.of(OpenFlags.O_RDONLY, OpenFlags.O_RDONLY | OpenFlags.O_EXCL,
                    OpenFlags.O_WRONLY, OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK).get(rnd.nextInt(4)));
            case 1 -> new DeviceRequest.Close(tag, handle);
            case 2 -> new DeviceRequest.Read(tag, handle, List.of(0, 127, 4096, 1 << 20, rnd.nextInt(Integer.MAX_VALUE))
                    .get(rnd.nextInt(5)));
            case 3 -> new DeviceRequest.ReadHeld(tag, handle, rnd.nextBoolean() ? 4096 : rnd.nextInt(8192));
            case 4 -> new DeviceRequest.Ack(tag, handle, rnd.nextLong() & Long.MAX_VALUE);
            case 5 -> new DeviceRequest.Write(tag, handle, bytes(rnd.nextInt(129)));
            case 6 -> new DeviceRequest.Ioctl(tag, handle, rnd.nextBoolean() ? McelogIoctl.MCE_GETCLEAR_FLAGS : rnd.nextInt());
            case 7 -> new DeviceRequest.Poll(tag, handle, rnd.nextInt(0x10000), 0);
            case 8, 9 -> new DeviceRequest.AttrRead(tag, path());
            case 10 -> new DeviceRequest.AttrWrite(tag, path(), ascii(rnd.nextInt(24)));
            case 11 -> new DeviceRequest.AttrList(tag, path());
            default -> rnd.nextBoolean() ? new DeviceRequest.InitModule(tag, bytes(rnd.nextInt(256)), "p=" + rnd.nextInt())
                    : new DeviceRequest.DeleteModule(tag, "m" + rnd.nextInt(5), rnd.nextInt());
        };
    }

    private String path() {
        String p = PATHS.get(rnd.nextInt(PATHS.size()));
        return rnd.nextInt(10) == 0 ? p + "/" + new String(ascii(1 + rnd.nextInt(8)), StandardCharsets.US_ASCII) : p;
    }

    /** Printable text with digits and the kernel's integer prefixes well represented. */
    private byte[] ascii(int n) {
        String alphabet = "0123456789abcdefx xyzswhdfon\n-+";
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) alphabet.charAt(rnd.nextInt(alphabet.length()));
        }
        return b;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** One of: flipped bytes, a random header field, trailing garbage, a cut, or noise. */
    private byte[] mutate(byte[] frame) {
        byte[] b = frame.clone();
        switch (rnd.nextInt(6)) {
            case 0 -> {
                for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
            }
            case 1 -> ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, rnd.nextInt());
            case 2 -> b[4] = (byte) rnd.nextInt(256);
            case 3 -> {
                byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(64));
                System.arraycopy(bytes(longer.length - b.length), 0, longer, b.length, longer.length - b.length);
                b = longer;
            }
            case 4 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            default -> b = bytes(1 + rnd.nextInt(64));
        }
        return b;
    }

    private byte[] encode(DeviceRequest r) {
        encoder.writeOutbound(r);
        ByteBuf out = encoder.readOutbound();
        try {
            byte[] b = new byte[out.readableBytes()];
            out.readBytes(b);
            return b;
        } finally {
            out.release();
        }
    }

    private record Reply(int type, int tag) {
    }

    /** A raw connection: frames out, reply headers in, a 10 s deadline on the whole connection. */
    private static final class Wire implements AutoCloseable {
        private final SocketChannel ch;
        private final ScheduledFuture<?> deadline;

        Wire(Path socket, ScheduledExecutorService watchdog) throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            // Unix channels have no read timeout: closing the channel of a stuck server fails the test
            deadline = watchdog.schedule(() -> {
                ch.close();
                return null;
            }, 10, TimeUnit.SECONDS);
        }

        void send(byte[] frame) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(frame);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        void endOutput() throws IOException {
            ch.shutdownOutput();
        }

        Reply reply() throws IOException {
            ByteBuffer header = read(8);
            int length = header.getInt(0);
            int type = header.get(4) & 0xFF;
            int tag = header.getShort(6) & 0xFFFF;
            read(length);
            return new Reply(type, tag);
        }

        private ByteBuffer read(int n) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    throw new EOFException("closed by the server");
                }
            }
            return b;
        }

        @Override
        public void close() throws IOException {
            deadline.cancel(false);
            ch.close();
        }
    }
}
