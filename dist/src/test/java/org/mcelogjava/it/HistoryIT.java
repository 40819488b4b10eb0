package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.decode.CpuDecoders;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.CpuTypeTracker;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.daemon.decode.RecordIdentity;
import org.mcelogjava.daemon.history.HistoryDatabase;
import org.mcelogjava.daemon.history.HistoryRecords;
import org.mcelogjava.daemon.policy.RecordAccounting;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceLayout;

/**
 * The daemon's history ({@code [history] database}) read by rasdaemon's own reader: Debian's
 * {@code ras-mc-ctl --summary} and {@code --errors}, which read the fixed path
 * /var/lib/rasdaemon/ras-mc_event.db, run in a private mount namespace where that path is the
 * database the daemon wrote (the host's /var/lib is not touched).
 */
class HistoryIT {

    /** A corrected memory read error on socket 0, channel 0 (Skylake-SP bank 13), page 0x12345000. */
    private static final String CORRECTED = "CPU 0 BANK 13\nSTATUS 0x9c00000000000090\nMISC 0x8c\nADDR 0x12345000\n";

    @TempDir
    Path dir;

    private RunningTree tree;

    @BeforeEach
    void tree() {
        tree = new RunningTree(dir);
    }

    @AfterEach
    void stopTree() throws InterruptedException {
        tree.close();
    }

    @Test
    void rasMcCtlReadsTheHistoryTheDaemonWroteAcrossARestart() throws Exception {
        Path sock = dir.resolve("mce-sim.sock");
        Path db = dir.resolve("db").resolve("ras-mc_event.db");
        Files.createDirectories(db.getParent());
        Path conf = dir.resolve("mcelog.conf");
        Files.writeString(conf, "[history]\ndatabase = " + db + "\n");
        tree.simulator(sock);
        Process daemon = tree.daemon(sock, conf);
        tree.inject(sock, CORRECTED + CORRECTED);
        tree.waitUntil(() -> count(db, "mce_record") == 2, daemon);
        tree.stop(daemon);
        Process second = tree.daemon(sock, conf); // a second life: the history continues, nothing stored twice
        tree.inject(sock, CORRECTED);
        tree.waitUntil(() -> count(db, "mce_record") == 3, second);
        tree.stop(second);
        assertEquals(3, count(db, "mc_event"));

        // Skylake-SP's bank names the channel, not the DIMM, and the simulator has two per channel:
        // the error's address is in the DMI range (type 20) of the channel's first DIMM, which names it
        String label = "CPU0_DIMM_A1";
        String summary = rasMcCtl(db, "--summary");
        assertEquals("Memory controller events summary:\n"
                + "\tCorrected on DIMM Label(s): '" + label + "' location: 0:0:0:-1 errors: 3\n\n"
                + "No PCIe AER errors.\n\n"
                + "No Extlog errors.\n\n"
                + "MCE records summary:\n"
                + "\t3 MEMORY CONTROLLER RD_CHANNEL0_ERR Transaction: Memory read error errors\n", summary);

        String errors = rasMcCtl(db, "--errors");
        List<String> lines = errors.lines().toList();
        assertEquals("Memory controller events:", lines.get(0), errors);
        for (int id = 1; id <= 3; id++) {
            String memory = lines.get(id);
            assertTrue(memory.matches(id + " \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4} 1 Corrected error\\(s\\):"
                    + " memory read error at " + label + " location: 0:0:0:-1,"
                    + " addr 305418240, grain 64, syndrome 0 "), memory);
        }
        int mce = lines.indexOf("MCE events:");
        assertTrue(mce > 0, errors);
        for (int id = 1; id <= 3; id++) {
            String line = lines.get(mce + id);
            assertTrue(line.startsWith(id + " "), line);
            assertTrue(line.contains(" error: MEMORY CONTROLLER RD_CHANNEL0_ERR Transaction: Memory read error,"
                    + " bank BANK 13, mci Corrected_error Error_enabled, SOCKET:0 CHANNEL:0 DIMM:0, mcgcap=0x"), line);
            assertTrue(line.contains(", status=0x9c00000000000090, addr=0x12345000, misc=0x0000008c, walltime=0x"), line);
            assertTrue(line.endsWith(", bank=0x0000000d"), line);
        }
        assertEquals("", lines.get(mce + 4), errors);
    }

    @Test
    void mcelogSummaryCountsTheHistoryPerSocketChannelDimmAndPage() throws Exception {
        Path sock = dir.resolve("mce-sim.sock");
        Path db = dir.resolve("history.db");
        Path conf = dir.resolve("mcelog.conf");
        Files.writeString(conf, "[history]\ndatabase = " + db + "\n");
        tree.simulator(sock);
        Process daemon = tree.daemon(sock, conf);
        tree.inject(sock, CORRECTED + CORRECTED + "CPU 0 BANK 13\nSTATUS 0x9c00000000000090\nMISC 0x8c\nADDR 0x22222000\n");
        tree.waitUntil(() -> count(db, "mce_record") == 3, daemon);
        tree.stop(daemon);
        Process json = tree.start("bin/mcelog", "summary", "--since", "1h", "--json", "--database", db.toString());
        assertEquals(0, json.waitFor(), Files.readString(dir.resolve("mcelog.err")));
        String doc = Files.readString(dir.resolve("mcelog.out"));
        assertTrue(doc.contains("\"sockets\":[{\"socket\":0,\"corrected\":3,\"uncorrected\":0,\"previous\":0,\"trend\":\"up\"}]"), doc);
        assertTrue(doc.contains("\"channels\":[{\"socket\":0,\"channel\":0,\"corrected\":3,\"uncorrected\":0,"), doc);
        assertTrue(doc.contains("\"dimms\":[{\"socket\":0,\"channel\":0,\"dimm\":0,\"label\":\"CPU0_DIMM_A1\","
                + "\"corrected\":3,\"uncorrected\":0,"), doc);
        assertTrue(doc.contains("\"pages\":[{\"page\":\"0x12345000\",\"errors\":2},{\"page\":\"0x22222000\",\"errors\":1}]"), doc);

        Process table = tree.start("bin/mcelog", "summary", "--database", db.toString());
        assertEquals(0, table.waitFor(), Files.readString(dir.resolve("mcelog.err")));
        String text = Files.readString(dir.resolve("mcelog.out"));
        assertTrue(text.contains("\n0                 3            0          0  up\n"), text);
        assertTrue(text.contains("  0x12345000: 2\n  0x22222000: 1\n"), text);

        Process missing = tree.start("bin/mcelog", "summary", "--database", dir.resolve("none.db").toString());
        assertEquals(1, missing.waitFor());
        assertEquals("mcelog summary: cannot open the history " + dir.resolve("none.db") + ": No such file or directory\n",
                Files.readString(dir.resolve("mcelog.err")));

        // without --database: the [history] database of the configuration, found as the daemon finds it
        Process configured = tree.start("bin/mcelog", "summary", "--since", "1h", "--json", "--config-file", conf.toString());
        assertEquals(0, configured.waitFor(), Files.readString(dir.resolve("mcelog.err")));
        String window = "\"since\":\\d+,\"until\":\\d+,"; // a second later, maybe
        assertEquals(doc.replaceFirst(window, ""), Files.readString(dir.resolve("mcelog.out")).replaceFirst(window, ""));
        Process wins = tree.start("bin/mcelog", "summary", "--config-file=" + conf, "--database", dir.resolve("none.db").toString());
        assertEquals(1, wins.waitFor());
        assertEquals("mcelog summary: cannot open the history " + dir.resolve("none.db") + ": No such file or directory\n",
                Files.readString(dir.resolve("mcelog.err")), "--database wins over the configuration");
        Path bare = Files.writeString(dir.resolve("bare.conf"), "[dimm]\ndimm-tracking-enabled = yes\n");
        Process none = tree.start("bin/mcelog", "summary", "--config-file", bare.toString());
        assertEquals(1, none.waitFor());
        assertEquals("mcelog summary: no history: " + bare + " sets no [history] database; name one with --database PATH\n"
                + "Try 'mcelog summary --help'.\n", Files.readString(dir.resolve("mcelog.err")));
        Process absent = tree.start("bin/mcelog", "summary", "--config-file", dir.resolve("absent.conf").toString());
        assertEquals(1, absent.waitFor());
        assertEquals("mcelog summary: " + dir.resolve("absent.conf") + ": Cannot open config file: No such file or directory\n",
                Files.readString(dir.resolve("mcelog.err")));
        Process notHistory = tree.start("bin/mcelog", "summary", "--database", conf.toString());
        assertEquals(1, notHistory.waitFor());
        assertEquals("mcelog summary: cannot open the history " + conf + ": not an SQLite database\n",
                Files.readString(dir.resolve("mcelog.err")));
        Process bad = tree.start("bin/mcelog", "summary", "--since", "yesterday", "--database", db.toString());
        assertEquals(1, bad.waitFor());
        assertEquals("mcelog summary: --since yesterday: expected a duration such as 30m, 24h or 7d\n"
                + "Try 'mcelog summary --help'.\n", Files.readString(dir.resolve("mcelog.err")));

        Path page = dir.resolve("report.html");
        Process report = tree.start("bin/mcelog", "report", "--html", page.toString(), "--config-file", conf.toString());
        assertEquals(0, report.waitFor(), Files.readString(dir.resolve("mcelog.err")));
        String html = Files.readString(page);
        assertTrue(html.contains("data-dimm=\"CPU0_DIMM_A1\" data-count=\"3\""), html);
        for (String fetch : List.of("<script", "<link", " src=", "url(")) {
            assertTrue(!html.contains(fetch), "the page fetches nothing, yet has " + fetch + ": " + html);
        }
    }

    @Test
    void theDimmsLast24HoursInTheMetricsComeFromTheHistoryAndSurviveARestart() throws Exception {
        Path sock = dir.resolve("mce-sim.sock");
        Path db = dir.resolve("history.db");
        Path conf = dir.resolve("mcelog.conf");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(conf, "[history]\ndatabase = " + db + "\n[metrics]\nlisten = 127.0.0.1:" + port + "\n");
        long threeDaysAgo = System.currentTimeMillis() / 1000 - 3 * 86_400;
        // node_exporter's labels; two DIMMs on the channel and a bank that names none: the address's
        // DMI range names the DIMM (csrow 0), with its label rewritten as node_exporter does
        String where = "{channel=\"0\",controller=\"0\",csrow=\"0\",dimm_label=\"CPU0_DIMM_A1\"";
        String gauge = "mcelog_dimm_errors_24h" + where + ",type=\"corrected\"} ";
        String counter = "node_edac_channel_correctable_errors_total" + where + "} ";
        tree.simulator(sock);
        Process daemon = tree.daemon(sock, conf);
        tree.inject(sock, CORRECTED + CORRECTED);
        tree.waitUntil(() -> count(db, "mce_record") == 2, daemon);
        String first = scrape(port);
        assertTrue(first.contains(gauge + "2.0\n"), first);
        assertTrue(first.contains(counter + "2.0\n"), first);

        tree.stop(daemon);
        // between the lives, a record of three days ago, stored by the history's own writer
        try (HistoryDatabase history = HistoryDatabase.open(db)) {
            Mce old = Mce.builder().status(0x9c00000000000090L).misc(0x8c).addr(0x12345000L).bank(13).cpuid(0x50654)
                    .time(threeDaysAgo).finished(1).build();
            MceDecoder decoder = new MceDecoder(new CpuTypeTracker(CpuType.SKYLAKE_XEON, true, line -> { }),
                    new CpuDecoders());
            history.write(List.of(new HistoryRecords(ZoneId.systemDefault())
                    .of(decoder.decode(old, MceLayout.SIZE, new RecordIdentity("an-earlier-boot", 1)),
                            RecordAccounting.Outcome.NOTHING)));
        }
        assertEquals("3", query(db, "SELECT count(*) FROM mc_event"));
        Process restarted = tree.daemon(sock, conf);
        tree.waitUntil(() -> scrapeOrEmpty(port).contains("mcelog_records_read_total"), restarted);
        String second = scrape(port);
        assertTrue(second.contains(gauge + "2.0\n"),
                "the 24 hours survive the restart, without the record of three days ago:\n" + second);
        assertTrue(!second.contains(counter), "the counters start again from zero, as EDAC's at boot:\n" + second);

        tree.inject(sock, CORRECTED);
        tree.waitUntil(() -> scrapeOrEmpty(port).contains(gauge + "3.0\n"), restarted);
        assertTrue(scrape(port).contains(counter + "1.0\n"));
        tree.stop(restarted);
    }

    @Test
    void anAddressThatCannotBeBoundIsSaidAndTheDaemonRunsWithoutThatPage() throws Exception {
        Path sock = dir.resolve("mce-sim.sock");
        Path db = dir.resolve("history.db");
        Path conf = dir.resolve("mcelog.conf");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            // the live page on a port in use, the metrics on an address of no interface here (TEST-NET-1)
            Files.writeString(conf, "[history]\ndatabase = " + db + "\n[report]\nlisten = 127.0.0.1:" + port
                    + "\n[metrics]\nlisten = 192.0.2.1:9177\n");
            tree.simulator(sock);
            Process daemon = tree.daemon(sock, conf);
            tree.inject(sock, CORRECTED);
            tree.waitUntil(() -> count(db, "mce_record") == 1, daemon); // logging and the history go on
            tree.stop(daemon);
            List<String> lines = Files.readAllLines(dir.resolve("mcelog.err"));
            assertTrue(lines.contains("mcelog: report page: cannot listen on 127.0.0.1:" + port
                    + ": Address already in use; running without it"), String.join("\n", lines));
            assertTrue(lines.contains("mcelog: metrics endpoint: cannot listen on 192.0.2.1:9177:"
                    + " Cannot assign requested address; running without it"), String.join("\n", lines));
            assertTrue(Files.readString(dir.resolve("mcelog.log")).contains("STATUS 9c00000000000090"));
        }
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** The scrape, or "" while the endpoint is not up yet. */
    private static String scrapeOrEmpty(int port) {
        try {
            return scrape(port);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * {@code ras-mc-ctl ARG} with /var/lib/rasdaemon being the directory of {@code db}, in a private
     * mount namespace: a tmpfs over /var/lib there, the directory bound onto rasdaemon's.
     */
    private String rasMcCtl(Path db, String arg) throws Exception {
        Path ctl = Path.of("/usr/sbin/ras-mc-ctl");
        assertTrue(Files.isExecutable(ctl), "ras-mc-ctl is missing: apt-get install rasdaemon");
        String script = "set -e; mount -t tmpfs -o size=1m history-test /var/lib; mkdir /var/lib/rasdaemon;"
                + " mount --bind \"$1\" /var/lib/rasdaemon; exec /usr/sbin/ras-mc-ctl \"$2\"";
        Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", script,
                "sh", db.getParent().toString(), arg).redirectError(dir.resolve("ras-mc-ctl.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "ras-mc-ctl " + arg + ": " + Files.readString(dir.resolve("ras-mc-ctl.err")));
        return out;
    }

    private static long count(Path db, String table) {
        try {
            return Files.exists(db) ? Long.parseLong(query(db, "SELECT count(*) FROM " + table)) : 0;
        } catch (SQLException e) {
            return 0; // not created yet
        }
    }

    private static String query(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next(), sql);
            String v = r.getString(1);
            assertTrue(!r.next(), "one row: " + sql);
            return v;
        }
    }
}
