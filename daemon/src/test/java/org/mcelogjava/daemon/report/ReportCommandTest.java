package org.mcelogjava.daemon.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.decode.RecordIdentity;
import org.mcelogjava.daemon.history.HistoryDatabase;
import org.mcelogjava.daemon.history.HistorySummary;
import org.mcelogjava.daemon.history.HistoryRecord;

/** {@code mcelog report --html}: the page's heat map, chart and tables against the database it was made from. */
class ReportCommandTest {

    private static final long NOW = 1_800_000_000L;
    private static final long HOUR = 3600;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private int sequence;

    private int report(String... args) {
        return new ReportCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> NOW,
                named -> new ConfiguredHistory.Located(Path.of(named.orElse("/etc/mcelog/mcelog.conf")),
                        Optional.empty())).run(args);
    }

    /** A memory error as the history stores it, on a DIMM at {@code walltime}. */
    private HistoryRecord memory(long socket, int channel, int dimm, String label, long walltime, boolean corrected) {
        HistoryRecord.MceRow mce = new HistoryRecord.MceRow("t", 0, 0, 0, 0, 0, 0, 0, walltime, 0, 0x50654, 0, socket,
                0, 13, 0, "iMC", "memory read error", "", "", "", "", 0x12345, !corrected);
        HistoryRecord.McEventRow row = new HistoryRecord.McEventRow("t", 1, corrected ? "Corrected" : "Uncorrected",
                "memory read error", label, socket, channel, dimm, -1, 0x12345000, 4096, 0, "", walltime, 0x12345);
        return new HistoryRecord(new RecordIdentity("boot", sequence++), mce, List.of(row), Optional.empty(), List.of());
    }

    private Path history() throws Exception {
        List<HistoryRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(memory(0, 4, -1, "CPU_SrcID#0_Chan#4_DIMM#any", NOW - HOUR * (i + 1), true));
        }
        records.add(memory(1, 2, 0, "CPU1_DIMM_C1", NOW - 10, true));
        records.add(memory(1, 2, 0, "CPU1_DIMM_C1", NOW - 26 * HOUR, true));
        records.add(memory(1, 2, 0, "CPU1_DIMM_C1", NOW - 2 * HOUR, false));
        records.add(memory(1, 3, 1, "CPU1_DIMM_D2 <x&y>", NOW - 2 * HOUR, true));
        // the window before: in the layout with no errors now
        records.add(memory(0, 1, 0, "CPU0_DIMM_B1", NOW - 30 * HOUR, true));
        // older than both windows: not on the page
        records.add(memory(0, 5, 0, "CPU0_DIMM_F1", NOW - 100 * HOUR, true));
        Path db = dir.resolve("history.db");
        try (HistoryDatabase h = HistoryDatabase.open(db)) {
            h.write(records);
        }
        return db;
    }

    /** Errors per label in the window, asked of SQLite directly. */
    private static Map<String, Long> countsInDatabase(Path db, long since, long until) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement s = c.prepareStatement("SELECT label, sum(walltime >= ?) FROM mc_event"
                     + " WHERE walltime >= ? AND walltime < ? GROUP BY label")) {
            s.setLong(1, since);
            s.setLong(2, since - (until - since));
            s.setLong(3, until);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    counts.put(r.getString(1), r.getLong(2));
                }
            }
        }
        return counts;
    }

    @Test
    void heatMapCellsCarryEachDimmsErrorsOfTheWindowAsTheDatabaseCountsThem() throws Exception {
        Path db = history();
        Path page = dir.resolve("report.html");

        assertEquals(0, report("--html", page.toString(), "--database", db.toString()), err.toString());

        Document doc = Jsoup.parse(page.toFile(), "UTF-8");
        Map<String, Long> cells = new TreeMap<>();
        for (Element cell : doc.select("td[data-dimm]")) {
            long count = Long.parseLong(cell.attr("data-count"));
            cells.put(cell.attr("data-dimm"), count);
            assertEquals(Long.toString(count), cell.ownText(), "the cell shows its count: " + cell);
        }
        Map<String, Long> expected = countsInDatabase(db, NOW - 24 * HOUR, NOW);
        assertEquals(expected, cells);
        assertEquals(Map.of("CPU0_DIMM_B1", 0L, "CPU1_DIMM_C1", 2L, "CPU1_DIMM_D2 <x&y>", 1L,
                "CPU_SrcID#0_Chan#4_DIMM#any", 5L), cells);
        // the layout: one table per socket, a row per channel, a column per slot
        Element socket1 = doc.selectFirst("table.heat[data-socket=1]");
        assertEquals(List.of("channel", "DIMM 0", "DIMM 1"), socket1.select("tr").first().select("th").eachText());
        assertEquals(List.of("2", "3"), socket1.select("tr > th:first-child").eachText().subList(1, 3));
        // the hottest DIMM is red, a DIMM without errors green
        assertTrue(doc.selectFirst("td[data-dimm=CPU_SrcID#0_Chan#4_DIMM#any]").attr("style").contains("hsl(0,"));
        assertTrue(doc.selectFirst("td[data-dimm=CPU0_DIMM_B1]").attr("style").contains("hsl(120,"));
    }

    @Test
    void pageIsSelfContainedWithTheSummaryTablesAndAChartPerDimm() throws Exception {
        Path db = history();
        Path page = dir.resolve("report.html");
        assertEquals(0, report("--html", page.toString(), "--since", "24h", "--database", db.toString()));

        Document doc = Jsoup.parse(page.toFile(), "UTF-8");
        assertTrue(doc.select("[src], link[href], script").isEmpty(), "nothing fetched: " + doc.select("[src], link"));
        // the summary's DIMM table: socket 1 channel 2 DIMM 0 has 1 corrected and 1 uncorrected, 1 before
        Element row = doc.select("table.dimms-table tr").stream()
                .filter(r -> r.text().contains("CPU1_DIMM_C1")).findFirst().orElseThrow();
        assertEquals(List.of("1", "2", "0", "CPU1_DIMM_C1", "1", "1", "1", "up"), row.select("td").eachText());
        // one chart per DIMM with errors in the window; bars sum to its errors
        Map<String, Integer> bars = new TreeMap<>();
        for (Element figure : doc.select("figure[data-series]")) {
            bars.put(figure.attr("data-series"), figure.select("rect title").stream()
                    .mapToInt(t -> Integer.parseInt(t.text())).sum());
        }
        assertEquals(Map.of("CPU1_DIMM_C1", 2, "CPU1_DIMM_D2 <x&y>", 1, "CPU_SrcID#0_Chan#4_DIMM#any", 5), bars);
        assertFalse(Files.readString(page).contains("<x&y>"), "labels are escaped");
    }

    @Test
    void narrowerWindowCountsOnlyItsErrors() throws Exception {
        Path db = history();
        Path page = dir.resolve("r.html");
        assertEquals(0, report("--since", "90m", "--database", db.toString(), "--html", page.toString()));
        Document doc = Jsoup.parse(page.toFile(), "UTF-8");
        assertEquals("1", doc.selectFirst("td[data-dimm=CPU_SrcID#0_Chan#4_DIMM#any]").attr("data-count"));
        assertEquals("1", doc.selectFirst("td[data-dimm=CPU1_DIMM_C1]").attr("data-count"));
    }

    /** A record's time is in whole seconds: one logged in the second the report is made is in it. */
    @Test
    void aRecordOfThisVerySecondIsInTheWindow() throws Exception {
        Path db = dir.resolve("now.db");
        try (HistoryDatabase h = HistoryDatabase.open(db)) {
            h.write(List.of(memory(0, 4, -1, "CPU_SrcID#0_Chan#4_DIMM#any", NOW, true)));
        }
        Path page = dir.resolve("r.html");
        assertEquals(0, report("--html", page.toString(), "--database", db.toString()));
        Document doc = Jsoup.parse(page.toFile(), "UTF-8");
        assertEquals("1", doc.selectFirst("td[data-dimm=CPU_SrcID#0_Chan#4_DIMM#any]").attr("data-count"));
        assertEquals(1, HistorySummary.readEndingNow(db, NOW, HOUR).sockets().size());
    }

    @Test
    void aHistoryAheadOfTheClockIsShownUpToItsNewestRecord() throws Exception {
        Path db = dir.resolve("ahead.db");
        try (HistoryDatabase h = HistoryDatabase.open(db)) { // a simulated clock 30 hours ahead
            h.write(List.of(memory(0, 4, -1, "CPU_SrcID#0_Chan#4_DIMM#any", NOW + 30 * HOUR, true),
                    memory(0, 4, -1, "CPU_SrcID#0_Chan#4_DIMM#any", NOW + 2 * HOUR, true)));
        }
        Path page = dir.resolve("r.html");
        assertEquals(0, report("--html", page.toString(), "--database", db.toString()));
        Document doc = Jsoup.parse(page.toFile(), "UTF-8");
        assertEquals("1", doc.selectFirst("td[data-dimm=CPU_SrcID#0_Chan#4_DIMM#any]").attr("data-count"));
        assertTrue(doc.selectFirst("h1").text().endsWith(" to " + java.time.Instant.ofEpochSecond(NOW + 30 * HOUR + 1)),
                doc.selectFirst("h1").text());
        // the summary command, at the same moment, counts the same window (the demo's scaled clock runs ahead)
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        assertEquals(0, new SummaryCommand(new PrintStream(json, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> NOW,
                named -> new ConfiguredHistory.Located(Path.of("/etc/mcelog/mcelog.conf"), Optional.empty()))
                .run(new String[] {"--json", "--database", db.toString()}), err.toString());
        assertTrue(json.toString(StandardCharsets.UTF_8).contains("\"label\":\"CPU_SrcID#0_Chan#4_DIMM#any\","
                + "\"corrected\":1,"), json.toString(StandardCharsets.UTF_8));
    }

    @Test
    void failuresNameTheFileAndTheReason() throws Exception {
        Path missing = dir.resolve("none.db");
        assertEquals(1, report("--html", dir.resolve("r.html").toString(), "--database", missing.toString()));
        assertEquals("mcelog report: cannot open the history " + missing + ": No such file or directory\n",
                err.toString());
        assertFalse(Files.exists(dir.resolve("r.html")));
        assertFalse(Files.exists(missing), "reading does not create the database");

        err.reset();
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a database, and long enough to be read as one\n");
        assertEquals(1, report("--html", dir.resolve("r.html").toString(), "--database", text.toString()));
        assertEquals("mcelog report: cannot open the history " + text + ": not an SQLite database\n", err.toString());

        err.reset();
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (x INTEGER)");
        }
        assertEquals(1, report("--html", dir.resolve("r.html").toString(), "--database", other.toString()));
        assertEquals("mcelog report: cannot open the history " + other
                + ": not a history of mcelog-java (no such table: mce_record)\n", err.toString());

        err.reset();
        assertEquals(1, report("--html", dir.resolve("r.html").toString(), "--database", dir.toString()));
        assertEquals("mcelog report: cannot open the history " + dir + ": Is a directory\n", err.toString());

        err.reset();
        Path db = history();
        Path nowhere = dir.resolve("no-such-dir/r.html");
        assertEquals(1, report("--html", nowhere.toString(), "--database", db.toString()));
        assertEquals("mcelog report: cannot write " + nowhere + ": No such file or directory\n", err.toString());

        err.reset();
        Files.writeString(dir.resolve("plain"), ""); // a file where the target's directory should be
        Path underAFile = dir.resolve("plain/r.html");
        assertEquals(1, report("--html", underAFile.toString(), "--database", db.toString()));
        assertEquals("mcelog report: cannot write " + underAFile + ": Not a directory\n", err.toString());
    }

    @Test
    void usageErrorsFollowTheConvention() {
        assertEquals(1, report("--database", "x.db"));
        assertEquals("mcelog report: no page to write: --html FILE\nTry 'mcelog report --help'.\n", err.toString());
        err.reset();
        assertEquals(1, report("--html", "r.html", "--since", "yesterday", "--database", "x.db"));
        assertEquals("mcelog report: --since yesterday: expected a duration such as 30m, 24h or 7d\n"
                + "Try 'mcelog report --help'.\n", err.toString());
        err.reset();
        assertEquals(1, report("--html"));
        assertEquals("mcelog report: option --html needs a value\nTry 'mcelog report --help'.\n", err.toString());
        err.reset();
        assertEquals(1, report("--html", "r.html", "--config-file", "/tmp/mine.conf"));
        assertEquals("mcelog report: no history: /tmp/mine.conf sets no [history] database; name one with --database PATH\n"
                + "Try 'mcelog report --help'.\n", err.toString());
        err.reset();
        assertEquals(0, report("--help"));
        assertTrue(out.toString().startsWith("Usage: mcelog report --html FILE [--since DURATION]"
                + " [--database PATH | --config-file FILE]\n"));
        assertEquals("", err.toString());
    }
}
