package org.mcelogjava.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.sink.StreamHub;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.stream.StreamRecord;
import org.mcelogjava.protocol.testing.Await;

/** mcelog's client protocol over a real socket; replies as in the d3 capture (protocol.txt). */
class ClientServerTest {

    static final String PAGES = "Per page corrected memory statistics:\n1000: total 1 seen \"1 in 24h\" online\n\n";
    static final String DUMP = "Memory errors\nSOCKET 0 CHANNEL any DIMM any\ncorrected memory errors:\n\t5 total\n";
    static final String DUMP_ALL = DUMP + "uncorrected memory errors:\n\t0 total\n";

    @TempDir
    Path dir;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private ClientServer server;
    /** The hub's clocks: wall seconds (what a heartbeat says) and monotonic nanoseconds (what times silence). */
    private final AtomicLong wallSeconds = new AtomicLong(1_700_000_000L);
    private final AtomicLong nanos = new AtomicLong();
    private final StreamHub hub = new StreamHub(4, 128, wallSeconds::get, nanos::get);

    private final ClientQueries queries = new ClientQueries() {
        @Override
        public String dump(boolean all, boolean bios) {
            return all ? DUMP_ALL : DUMP;
        }

        @Override
        public String pages() {
            return PAGES;
        }
    };

    @BeforeEach
    void start() throws Exception {
        server = ClientServer.start(dir.resolve("mcelog-client"), new ClientAccess(OptionalInt.empty(), OptionalInt.empty(), false),
                queries, hub, 2000, log::add);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /**
     * Sends each chunk as its own write and returns what arrived until {@code expected} bytes, EOF,
     * or a 10 s deadline (the channel is closed under the read, as Unix channels have no timeout).
     */
    private String exchange(int expected, String... chunks) throws Exception {
        return exchange(server.path(), expected, chunks);
    }

    private static String exchange(Path socket, int expected, String... chunks) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ReadDeadline deadline = new ReadDeadline(ch, Duration.ofSeconds(10));
            ch.connect(UnixDomainSocketAddress.of(socket));
            for (String c : chunks) {
                // separate writes; where the server's reads split them is the kernel's choice, so
                // every split is checked deterministically in ClientLineDecoderTest
                ch.write(ByteBuffer.wrap(c.getBytes(StandardCharsets.ISO_8859_1)));
            }
            ByteBuffer in = ByteBuffer.allocate(65536);
            try {
                while (in.position() < expected && ch.read(in) >= 0) {
                    // read until the expected reply is complete
                }
            } catch (IOException e) {
                // the deadline closed the channel: compare what arrived
            } finally {
                deadline.close();
            }
            in.flip();
            return StandardCharsets.ISO_8859_1.decode(in).toString();
        }
    }

    private String ask(String request, String expectedReply) throws Exception {
        return exchange(expectedReply.length(), request);
    }

    @Test
    void theCapturedConversations() throws Exception {
        String[][] cases = {
                {"ping\n", "pong\n"},
                {"ping\r\n", "Unknown command\n"},
                {"pages\n", PAGES + "done\n"},
                {"dump\n", DUMP + "done\n"},
                {"dump all\n", DUMP_ALL + "done\n"},
                {"dump bogus\n", "Unknown dump parameter\n" + DUMP + "done\n"},
                {"hello\n", "Unknown command\n"},
                {"ping\nping\npages\n", "pong\npong\n" + PAGES + "done\n"},
                {"ping", "pong\n"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], ask(c[0], c[1]), "request " + c[0].replace("\n", "\\n"));
        }
    }

    @Test
    void aCommandSplitAcrossWritesIsReassembled() throws Exception {
        assertEquals("pong\n" + DUMP_ALL + "done\n", exchange(5 + DUMP_ALL.length() + 5, "pi", "ng\ndump a", "ll\n"));
    }

    @Test
    void aCommandWithoutNewlineIsAnsweredOnceTheClientIsQuiet() throws Exception {
        assertEquals("pong\n", ask("ping", "pong\n"));
    }

    @Test
    void leadingWhiteSpaceIsSkippedAndTheServerKeepsAnswering() throws Exception {
        assertEquals("pong\n", ask(" \tping\n", "pong\n"));
        assertEquals("pong\n", ask("ping\n", "pong\n"));
    }

    @Test
    void anOversizedLineIsRefusedAndTheConnectionStaysUsable() throws Exception {
        String huge = "x".repeat(ClientServer.MAX_LINE + 100) + "\nping\n";
        assertEquals("Unknown command\npong\n", exchange("Unknown command\npong\n".length(), huge));
    }

    @Test
    void binaryGarbageGetsUnknownCommand() throws Exception {
        String garbage = "\u0000\u00ff\u0001binary\n";
        assertEquals("Unknown command\n", ask(garbage, "Unknown command\n"));
    }

    @Test
    void collectdsRequestsAndTheirNulsSentQuicklyAreEachAnswered() throws Exception {
        String request = new String(ClientLineDecoderTest.COLLECTD_REQUEST, StandardCharsets.ISO_8859_1);
        String expected = DUMP_ALL + "done\n" + DUMP_ALL + "done\npong\n";
        assertEquals(expected, exchange(expected.length(), request, request, "ping\n"));
    }

    @Test
    void aDumpLargerThanASocketBufferArrivesWhole() throws Exception {
        StringBuilder big = new StringBuilder("Memory errors\n");
        for (int socket = 0; socket < 2; socket++) {
            for (int channel = 0; channel < 8; channel++) {
                for (int dimm = 0; dimm < 2; dimm++) {
                    big.append("SOCKET ").append(socket).append(" CHANNEL ").append(channel).append(" DIMM ").append(dimm)
                            .append("\nDMI_NAME \"CPU").append(socket).append("_DIMM_").append((char) ('A' + channel))
                            .append(dimm + 1).append("\" DMI_LOCATION \"NODE ").append(socket)
                            .append("\"\ncorrected memory errors:\n\t12 total\n\t12 in 24h\n")
                            .append("uncorrected memory errors:\n\t0 total\n\t0 in 24h\n\n");
                }
            }
        }
        ClientServer large = ClientServer.start(dir.resolve("large-client"),
                new ClientAccess(OptionalInt.empty(), OptionalInt.empty(), false), new ClientQueries() {
                    @Override
                    public String dump(boolean all, boolean bios) {
                        return big.toString();
                    }

                    @Override
                    public String pages() {
                        return "";
                    }
                }, hub, 2000, log::add);
        try {
            String reply = big + "done\n";
            assertTrue(reply.length() > 4096, "a dump of " + reply.length() + " bytes");
            assertEquals(reply, exchange(large.path(), reply.length(), "dump all bios\n"));
        } finally {
            large.close();
        }
    }

    @Test
    void theSocketIsOwnerOnly() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.path())));
    }

    @Test
    void aSecondDaemonOnTheSameSocketIsRefused() {
        IOException e = assertThrows(IOException.class, () -> ClientServer.start(server.path(),
                new ClientAccess(OptionalInt.empty(), OptionalInt.empty(), false), queries, hub, 2000, log::add));
        assertEquals("mcelog server already running", e.getMessage());
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        Path stale = dir.resolve("stale");
        Files.writeString(stale, "");
        try (ClientServer s = ClientServer.start(stale, new ClientAccess(OptionalInt.empty(), OptionalInt.empty(), false),
                queries, hub, 200, log::add)) {
            assertTrue(ClientServer.answersPing(s.path(), 2000));
        }
        assertFalse(Files.exists(stale), "close removes the socket");
    }

    private static StreamRecord record(long seq) {
        Mce m = Mce.builder().status(0x9c00004000010091L).bank(8).time(1_700_000_000L + seq).finished(1).build();
        return new StreamRecord(seq, m, "Nehalem", "BANK 8", "corrected", null, null, null, 0, -1, -1, null, -1,
                List.of(), List.of(), "MCE " + seq + "\n");
    }

    /** An open subscription: lines are read on demand with a deadline. */
    private final class Subscriber implements AutoCloseable {
        final SocketChannel ch;
        final StringBuilder pending = new StringBuilder();

        Subscriber(String request) throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(server.path()));
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        }

        String line() throws Exception {
            String l = lineWithin(10_000);
            if (l == null) {
                throw new AssertionError("no line within 10 s; have: " + pending);
            }
            return l;
        }

        /** The next line, or null if none completes within the time (or the stream ended). */
        String lineWithin(long millis) throws Exception {
            long deadline = System.nanoTime() + millis * 1_000_000L;
            ch.configureBlocking(false);
            ByteBuffer in = ByteBuffer.allocate(4096);
            try (Selector readable = Selector.open()) {
                ch.register(readable, SelectionKey.OP_READ);
                while (pending.indexOf("\n") < 0) {
                    long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        return null;
                    }
                    readable.select(left); // until the socket has bytes (or EOF), bounded by the deadline
                    readable.selectedKeys().clear();
                    in.clear();
                    if (ch.read(in) < 0) {
                        return null;
                    }
                    in.flip();
                    pending.append(StandardCharsets.UTF_8.decode(in));
                }
            }
            return take(pending.indexOf("\n") + 1);
        }

        private String take(int n) {
            String s = pending.substring(0, n);
            pending.delete(0, n);
            return s;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    private void awaitReaders(int n) throws InterruptedException {
        Await.until(() -> hub.readerCount() == n, Duration.ofSeconds(10), n + " stream readers",
                () -> "readers: " + hub.readerCount());
    }

    @Test
    void aJsonSubscriberReceivesEveryRecordAsALine() throws Exception {
        try (Subscriber s = new Subscriber("subscribe 1 json\n")) {
            assertEquals("ok 1 json\n", s.line());
            assertEquals("{\"type\":\"hello\",\"schema\":1,\"format\":\"json\",\"replay\":false}\n", s.line());
            awaitReaders(1);
            hub.publish(record(1));
            hub.publish(record(2));
            assertTrue(s.line().startsWith("{\"type\":\"record\",\"schema\":1,\"seq\":1,"));
            assertTrue(s.line().startsWith("{\"type\":\"record\",\"schema\":1,\"seq\":2,"));
            nanos.addAndGet(StreamHub.HEARTBEAT_AFTER_NANOS);
            hub.heartbeat();
            assertEquals("{\"type\":\"heartbeat\",\"time\":1700000000,\"seq\":2}\n", s.line());
        }
    }

    @Test
    void eachSubscriberGetsItsHeartbeatAfter30SecondsOfItsOwnSilenceWithItsOwnLastSeq() throws Exception {
        try (Subscriber early = new Subscriber("subscribe 1 json\n")) {
            assertEquals("ok 1 json\n", early.line());
            early.line(); // hello
            awaitReaders(1);
            hub.publish(record(1));
            hub.publish(record(2));
            early.line();
            early.line();
            tick(10);
            try (Subscriber late = new Subscriber("subscribe 1 json\n")) { // subscribes at 10 s, after seq 2
                assertEquals("ok 1 json\n", late.line());
                late.line();
                awaitReaders(2);
                tick(19); // 29 s: nobody has been silent for 30 s
                hub.heartbeat();
                tick(1); // 30 s: the early reader has
                hub.heartbeat();
                assertEquals("{\"type\":\"heartbeat\",\"time\":1700000030,\"seq\":2}\n", early.line(),
                        "no heartbeat at 29 s; at 30 s one with the last seq this reader got");
                tick(10); // 40 s: the late reader has been silent 30 s, the early one 10 s since its heartbeat
                hub.heartbeat();
                assertEquals("{\"type\":\"heartbeat\",\"time\":1700000040,\"seq\":0}\n", late.line(),
                        "a reader that never got a record hears seq 0, not the daemon's last");
                hub.publish(record(3));
                assertTrue(early.line().contains("\"seq\":3,"));
                assertTrue(late.line().contains("\"seq\":3,"));
                tick(29); // 69 s: 29 s after record 3 for both
                hub.heartbeat();
                tick(1);
                hub.heartbeat();
                assertEquals("{\"type\":\"heartbeat\",\"time\":1700000070,\"seq\":3}\n", early.line());
                assertEquals("{\"type\":\"heartbeat\",\"time\":1700000070,\"seq\":3}\n", late.line());
            }
        }
    }

    @Test
    void aRawHeartbeatIsTheBytesPrintedInTheProtocolDocument() throws Exception {
        String doc = Files.readString(Path.of("../protocol/PROTOCOL.md"), StandardCharsets.UTF_8);
        String example = doc.substring(doc.indexOf("A heartbeat with time 1700000000"));
        int start = example.indexOf("```\n") + 4;
        example = example.substring(start, example.indexOf("\n```", start));
        byte[] documented = java.util.HexFormat.of().parseHex(example.replace(" ", ""));
        try (Subscriber s = new Subscriber("subscribe 1 raw\n")) {
            assertEquals("ok 1 raw\n", s.line());
            awaitReaders(1);
            hub.publish(record(1));
            hub.publish(record(2));
            s.ch.configureBlocking(true);
            ByteBuffer records = ByteBuffer.allocate(2 * (4 + 1 + 8 + 128));
            while (records.hasRemaining() && s.ch.read(records) >= 0) {
                // the two record frames
            }
            nanos.addAndGet(StreamHub.HEARTBEAT_AFTER_NANOS);
            hub.heartbeat();
            ByteBuffer frame = ByteBuffer.allocate(documented.length);
            while (frame.hasRemaining() && s.ch.read(frame) >= 0) {
                // the heartbeat
            }
            byte[] heartbeat = frame.array();
            assertEquals(java.util.HexFormat.of().formatHex(documented), java.util.HexFormat.of().formatHex(heartbeat));
        }
    }

    /** Advances both of the hub's clocks by {@code seconds}. */
    private void tick(long seconds) {
        wallSeconds.addAndGet(seconds);
        nanos.addAndGet(seconds * 1_000_000_000L);
    }

    @Test
    void aReaderThatFallsBehindIsToldWhatItMissedAndOthersAreUnaffected() throws Exception {
        try (Subscriber stalled = new Subscriber("subscribe 1 json\n"); Subscriber live = new Subscriber("subscribe 1 json\n")) {
            awaitReaders(2);
            assertEquals("ok 1 json\n", live.line());
            live.line();
            // The stalled reader reads nothing: its socket buffer, then its queue of 4, fill up.
            String bulk = "x".repeat(20_000);
            for (long seq = 1; seq <= 400; seq++) {
                StreamRecord r = record(seq);
                hub.publish(new StreamRecord(seq, r.mce(), r.cpuType(), r.bankName(), r.errorClass(), null, null, null,
                        0, -1, -1, null, -1, List.of(), List.of(), bulk));
                assertTrue(live.line().contains("\"seq\":" + seq + ","), "the live reader gets record " + seq);
            }
            assertTrue(hub.droppedForReaders() > 0, "the stalled reader lost records");
            assertEquals("ok 1 json\n", stalled.line());
            long received = 0;
            long missed = 0;
            for (String l = stalled.lineWithin(2_000); l != null; l = stalled.lineWithin(2_000)) {
                if (l.startsWith("{\"type\":\"missed\",\"count\":")) {
                    missed += Long.parseLong(l.replaceAll("\\D", ""));
                } else if (l.startsWith("{\"type\":\"record\"")) {
                    received++;
                }
            }
            assertTrue(missed > 0, "the stalled reader is told how many it missed");
            assertEquals(400, received + missed, "every record was either delivered or counted as missed");
        }
    }

    @Test
    void replaySendsTheCurrentLogsRecordsFirst() throws Exception {
        hub.publish(record(1));
        hub.publish(record(2));
        try (Subscriber s = new Subscriber("subscribe 1 json replay\n")) {
            assertEquals("ok 1 json\n", s.line());
            assertTrue(s.line().contains("\"replay\":true"));
            assertTrue(s.line().contains("\"seq\":1,"));
            assertTrue(s.line().contains("\"seq\":2,"));
        }
    }

    /**
     * A replay is at most what a reader's queue holds, and it is the newest records: a longer one
     * would be cut at the reader's queue at once, its newest records counted as missed.
     */
    @Test
    void aReplayLongerThanAReadersQueueIsTheNewestRecordsWithNoneMissed() throws Exception {
        for (int seq = 1; seq <= 10; seq++) {
            hub.publish(record(seq));
        }
        try (Subscriber s = new Subscriber("subscribe 1 json replay\n")) {
            assertEquals("ok 1 json\n", s.line());
            assertTrue(s.line().contains("\"replay\":true"));
            for (int seq = 7; seq <= 10; seq++) {
                String line = s.line();
                assertTrue(line.startsWith("{\"type\":\"record\",") && line.contains("\"seq\":" + seq + ","), line);
            }
            hub.publish(record(11));
            String next = s.line();
            assertTrue(next.startsWith("{\"type\":\"record\",") && next.contains("\"seq\":11,"),
                    "no missed message: " + next);
        }
    }

    @Test
    void anUnsupportedVersionIsRefusedClearly() throws Exception {
        assertEquals("error unsupported stream version 2 (this daemon speaks 1)\n",
                exchange(100, "subscribe 2 json\n"));
    }

    @Test
    void aRawSubscriberGetsLengthPrefixedRecords() throws Exception {
        try (Subscriber s = new Subscriber("subscribe 1 raw\n")) {
            assertEquals("ok 1 raw\n", s.line());
            awaitReaders(1);
            hub.publish(record(5));
            s.ch.configureBlocking(true);
            ByteBuffer frame = ByteBuffer.allocate(4 + 1 + 8 + 128).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            while (frame.hasRemaining() && s.ch.read(frame) >= 0) {
                // read one whole frame
            }
            frame.flip();
            assertEquals(1 + 8 + 128, frame.getInt());
            assertEquals(1, frame.get());
            assertEquals(5, frame.getLong());
            byte[] mce = new byte[128];
            frame.get(mce);
            assertEquals(record(5).mce(), MceCodec.decode(mce));
        }
    }

    @Test
    void aPeerThatIsNotAdmittedIsToldSoAndDisconnected() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        Path python = Path.of("/usr/bin/python3");
        assertTrue(Files.isExecutable(setpriv) && Files.isExecutable(python), "setpriv and python3 are installed by mvn verify's first step (build/test-prerequisites.list)");
        // Let uid 65534 reach the socket, so that the credential check is what refuses it.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(server.path(), PosixFilePermissions.fromString("rw-rw-rw-"));
        String client = "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\ns.sendall(b'ping\\n')\n"
                + "d=b''\nwhile True:\n  c=s.recv(100)\n  if not c: break\n  d+=c\nsys.stdout.write(d.decode()+'<EOF>')\n";
        Process p = new ProcessBuilder(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                python.toString(), "-c", client, server.path().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("permission denied\n<EOF>", out);
        assertTrue(log.stream().anyMatch(l -> l.matches("rejected client access from pid:\\d+ uid:65534 gid:65534")), log.toString());
    }
}
