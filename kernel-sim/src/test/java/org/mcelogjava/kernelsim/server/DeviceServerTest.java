package org.mcelogjava.kernelsim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.PersistentRecords;
import org.mcelogjava.kernelsim.sysfs.Attribute;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.PollEvents;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.testing.Await;

/** The device served over a real Unix socket, driven by the real client. */
class DeviceServerTest {

    @TempDir
    Path dir;
    private final List<Mce> injected = new ArrayList<>();
    private final McelogDevice device = new McelogDevice(32, 128, true, cpu -> cpu < 4,
            m -> { synchronized (injected) { injected.add(m); } }, new PersistentRecords());
    private final SysfsTree sysfs = new SysfsTree();
    private final List<String> serverLog = new ArrayList<>();
    private final List<Integer> askedUids = new CopyOnWriteArrayList<>();
    private DeviceServer server;
    private final List<DeviceConnection> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sysfs.register("/sys/devices/system/machinecheck/machinecheck0/check_interval",
                Attribute.readWrite(Attribute.Show.text(() -> "300\n"), (v, cap) -> v.length));
        // This process's own uid is the admin, so the privileged paths run as any user; an
        // unprivileged peer is modelled by a policy under which nobody is admin.
        int ownUid = ownUid();
        server = DeviceServer.start(dir.resolve("mcelog.sock"), device, sysfs, "mce-sim/test kernel=6.12",
                (uid, gids) -> {
                    askedUids.add(uid);
                    return uid == ownUid;
                }, DeviceServer.DEFAULT_DEVICE_MODE, 1, serverLog::add);
    }

    @AfterEach
    void stop() throws IOException {
        clients.forEach(DeviceConnection::close);
        server.close();
    }

    private DeviceConnection connect() throws IOException {
        DeviceConnection c = DeviceConnection.connect(server.socket(), "test-client");
        clients.add(c);
        return c;
    }

    private static Mce record(int bank) {
        return Mce.builder().status(0x9000000000000000L).bank(bank).extcpu(1).build();
    }

    @Test
    void handshakeNamesTheServerAndThePeersPrivilege() throws IOException {
        DeviceConnection c = connect();
        assertEquals("mce-sim/test kernel=6.12", c.serverIdentity());
        assertTrue(c.privileged());
        assertEquals(List.of(ownUid()), askedUids, "the policy is asked about the SO_PEERCRED uid");
    }

    @Test
    void aReaderOpensExclusivelyPollsAndReadsTheWholeLog() throws Exception {
        DeviceConnection c = connect();
        int fd = c.open(OpenFlags.O_RDONLY | OpenFlags.O_EXCL);
        assertEquals(128, c.ioctl(fd, McelogIoctl.MCE_GET_RECORD_LEN));
        assertEquals(32, c.ioctl(fd, McelogIoctl.MCE_GET_LOG_LEN));
        assertEquals(0, c.poll(fd, PollEvents.POLLIN, 0));

        CompletableFuture<Integer> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return c.poll(fd, PollEvents.POLLIN, -1);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        waitUntil(() -> device.waiters() == 1);
        assertFalse(poll.isDone(), "nothing logged yet: the poller must still sleep");
        device.accept(record(1));
        device.accept(record(2));
        assertEquals(PollEvents.POLLIN, poll.get(10, TimeUnit.SECONDS));

        byte[] data = c.read(fd, 32 * 128);
        assertEquals(256, data.length);
        assertEquals(1, MceCodec.decode(data, 0, 128).bank());
        assertEquals(2, MceCodec.decode(data, 128, 128).bank());
        assertEquals(0, c.read(fd, 32 * 128).length);
        assertEquals(Errno.EINVAL, assertThrows(DeviceException.class, () -> c.read(fd, 4095)).errno());
        assertEquals(Errno.ENOTTY, assertThrows(DeviceException.class, () -> c.ioctl(fd, 0x80044D09)).errno());
    }

    @Test
    void heldRecordsOfAReaderThatDiesUnacknowledgedGoToTheNextReaderWithTheirNumbers() throws Exception {
        device.accept(record(1));
        device.accept(record(2));
        DeviceConnection dying = connect();
        int fd = dying.open(OpenFlags.O_RDONLY | OpenFlags.O_EXCL);
        DeviceResponse.ReadHeld got = dying.readHeld(fd, 32 * 128);
        assertEquals(0, got.firstSequence());
        assertEquals(256, got.data().length);
        dying.ack(fd, 1); // the first is safe; the second is still in flight when the reader dies
        dying.close();

        DeviceConnection next = connect();
        int fd2 = waitForOpen(next);
        assertEquals(PollEvents.POLLIN, next.poll(fd2, PollEvents.POLLIN, 0));
        DeviceResponse.ReadHeld again = next.readHeld(fd2, 32 * 128);
        assertEquals(1, again.firstSequence());
        assertEquals(List.of(2), again.records(128).stream().map(Mce::bank).toList());
        next.ack(fd2, 2);
        next.close(fd2);
        assertEquals(0, device.pending(), "acknowledged records are not given back at close");
    }

    @Test
    void aHandleHoldingALogsWorthMustAcknowledgeBeforeReadingHeldAgain() throws Exception {
        DeviceConnection c = connect();
        int fd = c.open(OpenFlags.O_RDONLY);
        for (int bank = 0; bank < 32; bank++) {
            device.accept(record(bank));
        }
        assertEquals(32 * 128, c.readHeld(fd, 32 * 128).data().length);
        device.accept(record(1));
        assertEquals(Errno.EBUSY, assertThrows(DeviceException.class, () -> c.readHeld(fd, 32 * 128)).errno());
        assertEquals(1, device.pending(), "the refused read took nothing");
        c.ack(fd, 32);
        assertEquals(32, c.readHeld(fd, 32 * 128).firstSequence());
    }

    /** Collects a stream's pushes; the test takes them one by one. */
    private static final class Pushes implements DeviceConnection.StreamListener {
        final java.util.concurrent.BlockingQueue<DeviceResponse.Stream> pushed = new java.util.concurrent.LinkedBlockingQueue<>();
        final CompletableFuture<IOException> ended = new CompletableFuture<>();

        @Override
        public void pushed(DeviceResponse.Stream records) {
            pushed.add(records);
        }

        @Override
        public void ended(IOException cause) {
            ended.complete(cause);
        }

        /** The banks of the records of the next push, after checking its first number and flags. */
        List<Integer> next(long first, int flags) throws InterruptedException {
            DeviceResponse.Stream p = pushed.poll(10, TimeUnit.SECONDS);
            assertTrue(p != null, "no push within 10 s");
            assertEquals(first, p.firstSequence(), p.toString());
            assertEquals(flags, p.flags(), p.toString());
            List<Integer> banks = new ArrayList<>();
            for (int i = 0; i < p.length() / 128; i++) {
                banks.add(MceCodec.decode(p.data(), i * 128, 128).bank());
            }
            return banks;
        }

        /**
         * The banks of the next {@code count} records, however they are split into pushes: each push
         * numbered on from the one before, from {@code first}, without flags.
         */
        List<Integer> records(long first, int count) throws InterruptedException {
            List<Integer> banks = new ArrayList<>();
            while (banks.size() < count) {
                banks.addAll(next(first + banks.size(), 0));
            }
            return banks;
        }
    }

    /**
     * A streaming reader gets each record pushed as it is logged, numbered and held as a READ_HELD's,
     * no more than its window unacknowledged: the rest waits in the log until an ACK makes room.
     */
    @Test
    void aStreamPushesRecordsAsTheyAreLoggedWithinItsWindow() throws Exception {
        DeviceConnection c = connect();
        int fd = c.open(OpenFlags.O_RDONLY | OpenFlags.O_EXCL);
        Pushes pushes = new Pushes();
        c.stream(fd, 2, pushes);
        waitUntil(() -> device.waiters() == 1);
        device.accept(record(1));
        assertEquals(List.of(1), pushes.next(0, 0));
        device.accept(record(2));
        device.accept(record(3));
        assertEquals(List.of(2), pushes.next(1, 0));
        waitUntil(() -> device.pending() == 1);
        assertTrue(pushes.pushed.isEmpty(), "two held: the window is full");
        c.ack(fd, 1);
        assertEquals(List.of(3), pushes.next(2, 0));
        assertEquals(0, device.pending());
    }

    /**
     * A log that overflowed before the stream began is pushed whole with MCE_GETCLEAR_FLAGS's overflow
     * bit, which the push cleared; records given back by a streaming reader that died go to the next
     * one first, with their numbers.
     */
    @Test
    void aFullLogIsPushedWithItsOverflowAndWhatADeadStreamHeldComesBackFirst() throws Exception {
        for (int bank = 0; bank < 33; bank++) {
            device.accept(record(bank % 32));
        }
        DeviceConnection dying = connect();
        int fd = dying.open(OpenFlags.O_RDONLY | OpenFlags.O_EXCL);
        Pushes first = new Pushes();
        dying.stream(fd, 32, first);
        List<Integer> all = new ArrayList<>();
        for (int bank = 0; bank < 32; bank++) {
            all.add(bank);
        }
        assertEquals(all, first.next(0, 1), "32 records, and the 33rd's drop reported");
        assertEquals(0, dying.ioctl(fd, McelogIoctl.MCE_GETCLEAR_FLAGS), "the push cleared the flag");
        dying.ackLater(fd, 30).get(10, TimeUnit.SECONDS);
        device.accept(record(7));
        assertEquals(List.of(7), first.next(32, 0));
        dying.close();
        assertTrue(first.ended.get(10, TimeUnit.SECONDS) != null, "the listener hears that the connection ended");
        device.accept(record(9));

        DeviceConnection next = connect();
        int fd2 = waitForOpen(next);
        Pushes second = new Pushes();
        next.stream(fd2, 32, second);
        // the given-back records first, with their numbers, then the one logged since: in one push or
        // two, as the device's queue has them when the stream starts
        assertEquals(List.of(30, 31, 7, 9), second.records(30, 4), "given back first, with their numbers");
    }

    /** A listener may close its connection from the I/O thread that calls it: the close does not wait for itself. */
    @Test
    void aStreamListenerCanCloseItsConnection() throws Exception {
        DeviceConnection c = connect();
        int fd = c.open(OpenFlags.O_RDONLY);
        CompletableFuture<IOException> ended = new CompletableFuture<>();
        c.stream(fd, 1, new DeviceConnection.StreamListener() {
            @Override
            public void pushed(DeviceResponse.Stream records) {
                c.close();
            }

            @Override
            public void ended(IOException cause) {
                ended.complete(cause);
            }
        });
        device.accept(record(1));
        assertEquals("connection to the simulator closed", ended.get(10, TimeUnit.SECONDS).getMessage());
        waitUntil(() -> !c.isOpen());
        waitUntil(() -> device.pending() == 1); // the held record was given back when the connection ended
    }

    @Test
    void aStreamWiderThanTheLogIsEinvalAndAHandleNotOpenForReadingIsEbadf() throws Exception {
        DeviceConnection c = connect();
        int reader = c.open(OpenFlags.O_RDONLY);
        int writer = c.open(OpenFlags.O_WRONLY);
        assertEquals(Errno.EINVAL, assertThrows(DeviceException.class, () -> c.stream(reader, 33, new Pushes())).errno());
        assertEquals(Errno.EBADF, assertThrows(DeviceException.class, () -> c.stream(writer, 1, new Pushes())).errno());
        assertEquals(Errno.EBADF, assertThrows(DeviceException.class, () -> c.stream(99, 1, new Pushes())).errno());
    }

    @Test
    void ackOnAnUnknownHandleIsEbadf() throws Exception {
        DeviceConnection c = connect();
        assertEquals(Errno.EBADF, assertThrows(DeviceException.class, () -> c.ack(99, 1)).errno());
    }

    private static int waitForOpen(DeviceConnection c) throws InterruptedException {
        int[] fd = new int[1];
        waitUntil(() -> {
            try {
                fd[0] = c.open(OpenFlags.O_RDONLY | OpenFlags.O_EXCL);
                return true;
            } catch (DeviceException | IOException e) {
                return false;
            }
        });
        return fd[0];
    }

    @Test
    void aPollTimesOutWithZeroRevents() throws Exception {
        DeviceConnection c = connect();
        int fd = c.open(OpenFlags.O_RDONLY);
        assertEquals(0, c.poll(fd, PollEvents.POLLIN, 50));
        assertEquals(0, device.waiters(), "a timed-out poll leaves the wait queue");
    }

    @Test
    void exclusiveOpenIsRefusedToASecondClientAndReleasedWhenTheHolderDies() throws Exception {
        DeviceConnection holder = connect();
        holder.open(OpenFlags.O_RDONLY | OpenFlags.O_EXCL);
        DeviceConnection other = connect();
        assertEquals(Errno.EBUSY, assertThrows(DeviceException.class, () -> other.open(OpenFlags.O_RDONLY)).errno());

        holder.close();
        waitUntil(() -> {
            try {
                other.close(other.open(OpenFlags.O_RDONLY | OpenFlags.O_EXCL));
                return true;
            } catch (DeviceException | IOException e) {
                return false;
            }
        });
    }

    @Test
    void aPollOnAClosedHandleIsAnsweredPollnval() throws Exception {
        DeviceConnection c = connect();
        int fd = c.open(OpenFlags.O_RDONLY);
        c.close(fd);
        assertEquals(PollEvents.POLLNVAL, c.poll(fd, PollEvents.POLLIN, -1));
        assertEquals(Errno.EBADF, assertThrows(DeviceException.class, () -> c.read(fd, 4096)).errno());
    }

    @Test
    void legacyWriteReachesTheInjector() throws Exception {
        DeviceConnection c = connect();
        int fd = c.open(OpenFlags.O_RDWR);
        assertEquals(88, c.write(fd, MceCodec.encode(record(4), 88)));
        assertEquals(List.of(record(4)), injected);
        int ro = c.open(OpenFlags.O_RDONLY);
        assertEquals(Errno.EBADF, assertThrows(DeviceException.class, () -> c.write(ro, new byte[88])).errno());
    }

    @Test
    void writesTogetherAreAnsweredWriteByWriteInOneReply() throws Exception {
        DeviceConnection c = connect();
        int fd = c.open(OpenFlags.O_WRONLY);
        Mce offline = record(5).toBuilder().extcpu(9).build();
        DeviceResponse.WriteTogether reply = c.writeTogether(fd, List.of(MceCodec.encode(record(4), 88),
                MceCodec.encode(offline, 88), MceCodec.encode(record(6), 128)));
        assertEquals(List.of(88, -Errno.EINVAL.number(), 128), reply.returned());
        assertEquals(Optional.of(Errno.EINVAL), reply.errno(1));
        assertEquals(List.of(record(4), record(6)), injected);
        int ro = c.open(OpenFlags.O_RDONLY);
        assertEquals(Errno.EBADF, assertThrows(DeviceException.class,
                () -> c.writeTogether(ro, List.of(new byte[88], new byte[88]))).errno());
        assertEquals(2, injected.size());
    }

    @Test
    void attributesAreReadWrittenAndListedAtTheKernelsPaths() throws Exception {
        DeviceConnection c = connect();
        assertEquals("300\n", c.readText("/sys/devices/system/machinecheck/machinecheck0/check_interval"));
        assertEquals(Errno.ENOENT, assertThrows(DeviceException.class,
                () -> c.readText("/sys/devices/system/machinecheck/machinecheck9/check_interval")).errno());
        assertEquals(1, c.list("/sys/devices/system/machinecheck/machinecheck0").size());
    }

    /**
     * A sysfs store that waits for the kernel (the engine, up to a minute) holds up its own caller,
     * as a process in a system call, and nobody else: the server's one I/O thread keeps serving.
     */
    @Test
    void aSlowStoreDoesNotHoldUpOtherConnections() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        sysfs.register("/sys/devices/system/memory/soft_offline_page", new Attribute(0200, null, (v, cap) -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return v.length;
        }));
        DeviceConnection slow = connect();
        DeviceConnection other = connect();
        CompletableFuture<Integer> store = CompletableFuture.supplyAsync(() -> {
            try {
                return slow.writeText("/sys/devices/system/memory/soft_offline_page", "0x1000");
            } catch (IOException | DeviceException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the store started");
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return other.readText("/sys/devices/system/machinecheck/machinecheck0/check_interval");
                } catch (IOException | DeviceException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("300\n", read.get(10, TimeUnit.SECONDS), "answered while the store waits");
            assertFalse(store.isDone());
        } finally {
            release.countDown();
        }
        assertEquals(6, store.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anUnprivilegedPeerCannotOpenTheDeviceOrWriteAttributes() throws Exception {
        try (DeviceServer strict = DeviceServer.start(dir.resolve("strict.sock"), device, sysfs, "strict",
                (uid, gids) -> false, DeviceServer.DEFAULT_DEVICE_MODE, 1, serverLog::add);
             DeviceConnection c = DeviceConnection.connect(strict.socket(), "nobody")) {
            assertFalse(c.privileged());
            assertEquals(Errno.EACCES, assertThrows(DeviceException.class, () -> c.open(OpenFlags.O_RDONLY)).errno());
            assertEquals(Errno.EACCES, assertThrows(DeviceException.class, () -> c.writeText(
                    "/sys/devices/system/machinecheck/machinecheck0/check_interval", "1")).errno());
            assertEquals("300\n", c.readText("/sys/devices/system/machinecheck/machinecheck0/check_interval"));
        }
    }

    @Test
    void garbageGetsAProtocolErrorAndOnlyThatConnectionCloses() throws Exception {
        DeviceConnection good = connect();
        try (var raw = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            raw.connect(java.net.UnixDomainSocketAddress.of(server.socket()));
            raw.write(java.nio.ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(2048);
            while (raw.read(in) >= 0) {
                // read the PROTOCOL_ERROR until the server closes
            }
            in.flip();
            assertTrue(in.remaining() > 8, "a PROTOCOL_ERROR frame before the close");
            assertEquals(0xFF, in.get(4) & 0xff, "frame type PROTOCOL_ERROR");
        }
        assertEquals("300\n", good.readText("/sys/devices/system/machinecheck/machinecheck0/check_interval"));
        assertTrue(Files.exists(server.socket()));
    }

    @Test
    void stoppingTheServerEndsAClientsSleepingPoll() throws Exception {
        DeviceConnection c = connect();
        int fd = c.open(OpenFlags.O_RDONLY);
        CompletableFuture<Throwable> poll = CompletableFuture.supplyAsync(() -> {
            try {
                c.poll(fd, PollEvents.POLLIN, -1);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        waitUntil(() -> device.waiters() == 1);
        server.close();
        assertTrue(poll.get(10, TimeUnit.SECONDS) instanceof IOException, "the poller sees the connection end");
        assertFalse(Files.exists(server.socket()), "the socket file is removed");
    }

    private static int ownUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        Await.until(condition::getAsBoolean, Duration.ofSeconds(10), Await.where());
    }

    @Test
    void aSecondServerOnALiveSocketIsRefusedAndTheFirstKeepsServing() throws Exception {
        SocketInUseException e = assertThrows(SocketInUseException.class, () -> DeviceServer.start(server.socket(),
                device, sysfs, "second", (uid, gids) -> true, DeviceServer.DEFAULT_DEVICE_MODE, 1, serverLog::add));
        assertEquals(server.socket(), e.socket());
        assertEquals(ProcessHandle.current().pid(), e.pid().orElseThrow(), "this process listens there");
        assertEquals(server.socket() + " is in use by a running simulator (pid " + ProcessHandle.current().pid() + ")",
                e.getMessage());
        assertEquals("300\n", connect().readText("/sys/devices/system/machinecheck/machinecheck0/check_interval"));
    }

    @Test
    @SuppressWarnings("try") // the second server lives for the try block: the client must reach it
    void aStaleSocketIsTakenOverAndAFileThatIsNoSocketIsLeftAlone() throws Exception {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        }
        try (DeviceServer second = DeviceServer.start(stale, device, sysfs, "second", (uid, gids) -> true,
                DeviceServer.DEFAULT_DEVICE_MODE, 1, serverLog::add);
             DeviceConnection c = DeviceConnection.connect(stale, "test-client")) {
            assertEquals("second", c.serverIdentity());
        }
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> DeviceServer.start(file, device, sysfs, "third", (uid, gids) -> true,
                        DeviceServer.DEFAULT_DEVICE_MODE, 1, serverLog::add));
        assertEquals("exists and is not a socket", e.getReason());
        assertEquals("keep me", Files.readString(file));
    }
}
