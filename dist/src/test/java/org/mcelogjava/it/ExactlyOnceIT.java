package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.kernelsim.dev.LegacyInjector;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.PersistentRecords;
import org.mcelogjava.kernelsim.server.DeviceServer;
import org.mcelogjava.kernelsim.sysfs.Attribute;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.device.DevicePaths;
import org.mcelogjava.protocol.testing.Await;

/**
 * Issue #15's exactly-once, against bin/mcelog as a real process on a real simulator device, with
 * the connection failed where it matters ({@link DeviceProxy}): between a READ_HELD and its ACK. Every
 * sink is then compared with the injected set ({@link LogReconciler}): the log, a stream reader,
 * the Prometheus scrape and {@code mcelog --client}'s dump each saw every record exactly once; and
 * with the daemon killed between its log write and its ACK, and with records acknowledged and spooled
 * but not yet in the history's database: the history then holds every record once, as the log does.
 */
class ExactlyOnceIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java"));
    private static final int LOG_LEN = 32;

    @TempDir
    Path dir;
    private McelogDevice device;
    private DeviceServer server;
    private DeviceProxy faults;
    private Path log;
    private Path conf;
    private Path client;
    private int metricsPort;
    private final List<Process> daemons = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        device = new McelogDevice(LOG_LEN, 128, true, cpu -> true, LegacyInjector.NONE, new PersistentRecords());
        SysfsTree tree = new SysfsTree();
        String bootId = UUID.randomUUID() + "\n";
        tree.register(DevicePaths.BOOT_ID, new Attribute(0444, Attribute.Show.text(() -> bootId), null));
        server = DeviceServer.start(dir.resolve("mcelog.sock"), device, tree, "it",
                (uid, gids) -> true, DeviceServer.DEFAULT_DEVICE_MODE, 1, msg -> { });
        faults = new DeviceProxy(dir.resolve("faulty.sock"), server.socket());
        log = dir.resolve("mcelog.log");
        client = dir.resolve("mcelog-client");
        try (ServerSocket free = new ServerSocket(0)) {
            metricsPort = free.getLocalPort();
        }
        conf = Files.writeString(dir.resolve("mcelog.conf"), "[server]\nsocket-path = " + client + "\n"
                + "[metrics]\nlisten = 127.0.0.1:" + metricsPort + "\n");
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : daemons) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        faults.close();
        server.close();
    }

    private Process daemon() throws IOException, InterruptedException {
        Process p = startDaemon();
        waitUntil(() -> Files.exists(dir.resolve("mcelog.pid")) && Files.exists(client) && device.waiters() > 0,
                "the daemon up, its client socket there, reading the device");
        return p;
    }

    private Process startDaemon() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(HOME.resolve("bin/mcelog").toString(), "--daemon", "--foreground",
                "--config-file", conf.toString(), "--socket", faults.socket().toString(),
                "--logfile", log.toString(), "--pidfile", dir.resolve("mcelog.pid").toString());
        pb.environment().put("TZ", "UTC");
        Process p = pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("out").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("err").toFile())).start();
        daemons.add(p);
        return p;
    }

    /** Stores records tagged {@code from..to}, no faster than the daemon drains them. */
    private void inject(int from, int to) throws InterruptedException {
        for (int tag = from; tag <= to; tag++) {
            waitUntil(() -> device.pending() < LOG_LEN, "room in the kernel's log");
            device.accept(TaggedRecords.record(tag));
        }
    }

    @Test
    void aConnectionLostBetweenReadHeldAndAckLeavesEverySinkWithEveryRecordOnce() throws Exception {
        int total = 200;
        Process d = daemon();
        List<String> stream = Collections.synchronizedList(new ArrayList<>());
        try (SocketChannel reader = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            reader.connect(UnixDomainSocketAddress.of(client));
            reader.write(ByteBuffer.wrap("subscribe 1 json\n".getBytes(StandardCharsets.US_ASCII)));
            BufferedReader lines = new BufferedReader(Channels.newReader(reader, StandardCharsets.UTF_8));
            assertEquals("ok 1 json", lines.readLine());
            Thread collector = new Thread(() -> {
                try {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        stream.add(line);
                    }
                } catch (IOException e) {
                    // the reader is closed at the end of the test
                }
            }, "stream-reader");
            collector.setDaemon(true);
            collector.start();

            faults.cutNextAcks(3);
            inject(1, total);
            waitUntil(() -> faults.cuts() == 3 && device.pending() == 0
                    && LogReconciler.tallyStream(List.copyOf(stream), total).records() >= total
                    && TaggedRecords.count(log) >= total, "every record read, logged and streamed");
            // one more record after the redeliveries: once it is everywhere, so is all that came before
            inject(total + 1, total + 1);
            waitUntil(() -> LogReconciler.tallyStream(List.copyOf(stream), total + 1).records() >= total + 1,
                    "the last record streamed");

            LogReconciler.Tally logged = LogReconciler.tally(List.of(log), total + 1);
            assertEquals(List.of(), LogReconciler.violations(logged, total + 1, device.pending()), "log: " + logged);
            LogReconciler.Tally streamed = LogReconciler.tallyStream(List.copyOf(stream), total + 1);
            assertEquals(List.of(), LogReconciler.violations(streamed, total + 1, device.pending()),
                    "stream: " + streamed);
        }
        assertEquals(total + 1.0, metric("mcelog_records_read_total"), "metrics count each record once");
        Process query = new ProcessBuilder(HOME.resolve("bin/mcelog").toString(), "--client", "--config-file",
                conf.toString()).redirectErrorStream(true).start();
        String dump = new String(query.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, query.waitFor(), dump);
        // every record is on socket 0's channel 1 (a DIMM the record does not name): counted there once each
        assertEquals(Map.of("SOCKET 0 CHANNEL any DIMM any", total + 1L, "SOCKET 0 CHANNEL 1 DIMM any", total + 1L),
                LogReconciler.dumpedCorrected(dump), "the accounting counts each record once: " + dump);

        String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
        assertEquals(3, err.lines().filter(l -> l.startsWith("mcelog: reconnected")).count(), err);
        assertFalse(err.contains("writing them once more"), "nothing was cut back and written again: " + err);
        stopCleanly(d);
    }

    @Test
    void aDaemonKilledBetweenTheLogWriteAndTheAckIsRestartedPastItsBatch() throws Exception {
        Process d = daemon();
        inject(1, 10);
        waitUntil(() -> TaggedRecords.count(log) == 10, "the first records logged");
        stopCleanly(d);
        inject(11, 20); // pending while no daemon runs: the next one reads them in one batch
        faults.holdAcks(true);
        Process killed = startDaemon();
        waitUntil(() -> TaggedRecords.count(log) == 20 && faults.heldAcks() > 0 && journal().endsWith(" applied"),
                "records 11..20 logged, the journal saying so, their ACK not delivered");
        String note = journal();
        killed.destroyForcibly(); // SIGKILL while the daemon waits for the ACK's reply
        assertTrue(killed.waitFor(20, TimeUnit.SECONDS));
        faults.holdAcks(false);
        waitUntil(() -> device.pending() == 10, "the simulator gave the unacknowledged records back");

        Process again = daemon();
        waitUntil(() -> device.pending() == 0, "the redelivered records read");
        inject(21, 21);
        waitUntil(() -> TaggedRecords.count(log) >= 21, "the next record logged");
        LogReconciler.Tally tally = LogReconciler.tally(List.of(log), 21);
        assertEquals(List.of(), LogReconciler.violations(tally, 21, device.pending()), "log: " + tally);
        String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
        assertFalse(err.contains("writing them once more"), "an applied batch is not cut back and written again: " + err);
        Matcher m = Pattern.compile("^mcelog-java-journal 1 \\S+ (\\d+) (\\d+) \\d+ \\S+ applied$").matcher(note);
        assertTrue(m.matches(), note);
        assertEquals("10..20", m.group(1) + ".." + m.group(2), "the note names the held batch, records 11..20 "
                + "numbered from 0: " + note);
        waitUntil(() -> journal().matches("^mcelog-java-journal 1 \\S+ 20 21 \\d+ \\S+ applied$"),
                "the journal noting record 21 (number 20) applied");
        stopCleanly(again);
    }

    @Test
    void aDaemonKilledWithRecordsSpooledButNotStoredIsRestartedWithEveryRecordInTheHistoryOnce() throws Exception {
        Path db = dir.resolve("history.db");
        Files.writeString(conf, "[history]\ndatabase = " + db + "\n", StandardOpenOption.APPEND);
        Process d = daemon();
        inject(1, 10);
        waitUntil(() -> historyRows(db) == 10 && device.pending() == 0, "the first records in the history");
        Process killed;
        try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement lock = blocker.createStatement()) {
            lock.execute("BEGIN EXCLUSIVE"); // the history's writer waits for this lock: its commit cannot happen
            killed = d;
            inject(11, 20);
            waitUntil(() -> TaggedRecords.count(log) == 20 && journal().endsWith(" applied") && device.pending() == 0,
                    "records 11..20 logged, the journal saying so, and acknowledged: spooled, the history's commit waiting");
            killed.destroyForcibly(); // SIGKILL between the history's spool and its database
            assertTrue(killed.waitFor(20, TimeUnit.SECONDS));
            lock.execute("ROLLBACK");
        }
        assertEquals(10, historyRows(db), "the killed daemon's database lacks records 11..20");
        assertTrue(Files.size(dir.resolve("history.db.spool.1")) > 0, "its spool has them");

        Process again = daemon();
        waitUntil(() -> historyRows(db) == 20, "the next start stores what the spool holds");
        inject(21, 21);
        waitUntil(() -> TaggedRecords.count(log) >= 21 && historyRows(db) >= 21, "the next record logged and stored");
        LogReconciler.Tally tally = LogReconciler.tally(List.of(log), 21);
        assertEquals(List.of(), LogReconciler.violations(tally, 21, device.pending()), "log: " + tally);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT group_concat(n, ',') FROM (SELECT seq || 'x' || count(*) AS n"
                     + " FROM mce_record GROUP BY boot_id, seq ORDER BY seq)")) {
            assertTrue(r.next());
            assertEquals(IntStream.range(0, 21).mapToObj(i -> i + "x1").collect(Collectors.joining(",")),
                    r.getString(1), "the history holds records 1..21 (numbered 0..20) once each");
        }
        String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
        assertFalse(err.contains("writing them once more"), "an applied batch is not written to the log again: " + err);
        assertFalse(err.contains("not stored"), "no record given up by the history: " + err);
        stopCleanly(again);
    }

    /** Records in the history database; 0 while it cannot be read. */
    private static long historyRows(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM mce_record")) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            return 0;
        }
    }

    private String journal() {
        try {
            return Files.readString(dir.resolve("mcelog.log.journal"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** A counter's value in the daemon's Prometheus scrape. */
    private double metric(String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(r.body());
        assertTrue(m.find(), name + " in " + r.body());
        return Double.parseDouble(m.group(1));
    }

    private void stopCleanly(Process d) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(d.pid())).start().waitFor());
        assertTrue(d.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, d.exitValue(), Files.readString(dir.resolve("err")));
    }

    private void waitUntil(Await.Condition condition, String what) throws InterruptedException {
        Await.until(condition, Duration.ofSeconds(30), what, () -> {
            try {
                return "stderr: " + Files.readString(dir.resolve("err")) + " journal: " + journal();
            } catch (IOException e) {
                return "";
            }
        });
    }
}
