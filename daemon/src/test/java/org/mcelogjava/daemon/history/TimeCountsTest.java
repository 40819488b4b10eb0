package org.mcelogjava.daemon.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.decode.RecordIdentity;

/**
 * The counts per hour against the rows they count: every count the summary, the timeline and the
 * 24-hour metrics read, over spans that start and end on and off the hour, equals a plain count of
 * {@code mce_record} and {@code mc_event}; and a history written before the counts existed gets them
 * when the daemon opens it.
 */
class TimeCountsTest {

    private static final long HOUR = 3600;
    /** An hour boundary, so that the spans below fall on and off it. */
    private static final long T0 = 1_764_950_400L;
    private static final String[] LABELS = {"CPU0_DIMM_A1", "CPU0_DIMM_A2", "CPU1_DIMM_C1", ""};

    @TempDir
    Path dir;

    private final Random random = new Random(18);
    private int sequence;

    /** A record at {@code walltime} on a random socket; a memory error on a random DIMM and page, or not. */
    private HistoryRecord record(long walltime) {
        long socket = random.nextInt(2);
        boolean uc = random.nextInt(7) == 0;
        long page = random.nextInt(10) == 0 ? -1 : 0x10000 + random.nextInt(40); // -1: no address
        HistoryRecord.MceRow mce = new HistoryRecord.MceRow("t", 0, 0, 0, 0, 0, 0, 0, walltime, 0, 0x50654, 0, socket,
                0, 13, 0, "iMC", "memory read error", "", "", "", "", page, uc);
        List<HistoryRecord.McEventRow> memory = new ArrayList<>();
        if (random.nextInt(5) != 0) {
            int dimm = random.nextInt(LABELS.length);
            memory.add(new HistoryRecord.McEventRow("t", 1, uc ? "Uncorrected" : "Corrected", "memory read error",
                    LABELS[dimm], socket, dimm % 3, dimm == 3 ? -1 : dimm % 2, -1, page << 12, 4096, 0, "", walltime,
                    page));
        }
        return new HistoryRecord(new RecordIdentity("boot", sequence++), mce, memory, Optional.empty(), List.of());
    }

    /** About 3,000 records over three days, in batches, some written twice (stored once). */
    private Path history() throws SQLException {
        Path db = dir.resolve("history.db");
        try (HistoryDatabase history = HistoryDatabase.open(db)) {
            List<HistoryRecord> batch = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                batch.add(record(T0 + random.nextInt((int) (72 * HOUR))));
                if (batch.size() == 40 + i % 50) {
                    history.write(batch);
                    history.write(batch.subList(0, 5)); // delivered again: not counted again
                    batch = new ArrayList<>();
                }
            }
            history.write(batch);
        }
        return db;
    }

    /** Spans with ends on the hour, off it, within one hour, and open-ended. */
    private List<long[]> spans() {
        List<long[]> spans = new ArrayList<>(List.of(new long[] {T0, T0 + 72 * HOUR}, new long[] {T0 - 5, T0 + 5},
                new long[] {T0 + 10, T0 + 20}, new long[] {T0 + HOUR, T0 + 2 * HOUR},
                new long[] {T0 + 30 * HOUR + 1, Long.MAX_VALUE}, new long[] {T0 - HOUR, T0 + 80 * HOUR}));
        for (int i = 0; i < 60; i++) {
            long from = T0 + random.nextInt((int) (72 * HOUR));
            spans.add(new long[] {from, from + random.nextInt((int) (60 * HOUR))});
        }
        return spans;
    }

    @Test
    void everyCountOverAnySpanIsTheCountOfTheRows() throws Exception {
        Path db = history();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            for (long[] span : spans()) {
                String what = "[" + span[0] + ", " + span[1] + ")";
                assertEquals(text(socketRows(c, span[0], span[1])), text(TimeCounts.records(c, span[0], span[1])),
                        "records per socket in " + what);
                assertEquals(text(memoryRows(c, span[0], span[1])), text(TimeCounts.memory(c, span[0], span[1])),
                        "memory errors per DIMM in " + what);
                List<TimeCounts.Page> pages = pageRows(c, span[0], span[1]);
                assertEquals(pages, TimeCounts.pages(c, span[0], span[1], 1000, 1, 0), "pages by day in " + what);
                assertEquals(pages, TimeCounts.pages(c, span[0], span[1], 1000, 1, 1), "pages by rows in " + what);
                assertEquals(pages.subList(0, Math.min(3, pages.size())),
                        TimeCounts.pages(c, span[0], span[1], 3, 1, 0), "the top 3 pages in " + what);
                assertEquals(pages.subList(0, Math.min(3, pages.size())),
                        TimeCounts.pages(c, span[0], span[1], 3, 1, 1), "the top 3 pages by rows in " + what);
            }
        }
    }

    @Test
    void theSummaryTheTimelineAndTheMetricsCountWhatTheRowsHold() throws Exception {
        Path db = history();
        long until = T0 + 50 * HOUR + 17;
        long window = 26 * HOUR + 5;
        HistorySummary s = HistoryDatabase.read(db, c -> HistorySummary.read(c, until, window));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            Map<String, long[]> now = memoryRows(c, until - window, until);
            assertTrue(now.size() >= 4, "the window has errors on every DIMM: " + now.keySet());
            Map<String, List<Long>> dimms = new TreeMap<>();
            s.dimms().forEach(d -> dimms.put(d.socket() + "/" + d.channel() + "/" + d.dimm() + "/" + d.label(),
                    List.of(d.corrected(), d.uncorrected(), d.previous())));
            assertEquals(trend(now, memoryRows(c, until - 2 * window, until - window)), dimms);
            Map<String, List<Long>> sockets = new TreeMap<>();
            s.sockets().forEach(n -> sockets.put(n.socket() + "", List.of(n.corrected(), n.uncorrected(), n.previous())));
            assertEquals(trend(socketRows(c, until - window, until), socketRows(c, until - 2 * window, until - window)),
                    sockets);
            // buckets of 32.5 minutes (their rows only) and of 1.5 hours (whole hours from the counts too)
            for (long span : new long[] {window, 72 * HOUR + 5}) {
                ErrorTimeline timeline = HistoryDatabase.read(db, h -> ErrorTimeline.read(h, until, span, 48));
                assertEquals(memoryRows(c, until - span, until).keySet(), timeline.dimms().stream()
                        .map(d -> d.socket() + "/" + d.channel() + "/" + d.dimm() + "/" + d.label())
                        .collect(Collectors.toSet()), "the timeline has every DIMM of the window");
                for (ErrorTimeline.DimmSeries series : timeline.dimms()) {
                    String key = series.socket() + "/" + series.channel() + "/" + series.dimm() + "/" + series.label();
                    for (int k = 0; k < 48; k++) {
                        assertEquals(bucketRows(c, until, span, 48, k, series), series.counts().get(k),
                                key + " bucket " + k + " of a window of " + span + " s");
                    }
                }
            }
            long since = T0 + 40 * HOUR + 123;
            List<RecentDimmErrors.Count> recent = RecentDimmErrors.read(db, since);
            assertEquals(memoryRows(c, since, Long.MAX_VALUE).keySet(), recent.stream().map(n -> n.socket() + "/"
                    + n.channel() + "/" + n.dimm() + "/" + n.label()).collect(Collectors.toSet()));
            for (RecentDimmErrors.Count n : recent) {
                String key = n.socket() + "/" + n.channel() + "/" + n.dimm() + "/" + n.label();
                long[] rows = memoryRows(c, since, Long.MAX_VALUE).get(key);
                assertEquals(List.of(rows[0], rows[1]), List.of(n.corrected(), n.uncorrected()), key);
            }
        }
    }

    @Test
    void aHistoryFromBeforeTheCountsGetsThemWhenTheDaemonOpensIt() throws Exception {
        Path db = history();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DROP TABLE mcelog_hourly_records");
            s.execute("DROP TABLE mcelog_hourly_memory");
            s.execute("DROP TABLE mcelog_daily_pages");
            s.execute("CREATE INDEX mce_record_time ON mce_record (walltime, socketid, uncorrected)");
            s.execute("CREATE INDEX mc_event_time ON mc_event (walltime, mc, top_layer, middle_layer, err_type, label)");
        }
        SQLException old = assertThrows(SQLException.class,
                () -> HistoryDatabase.read(db, c -> HistorySummary.read(c, T0 + 72 * HOUR, 72 * HOUR)));
        assertEquals("cannot open the history " + db + ": written by an earlier mcelog-java, without the counts"
                + " per hour and day; the daemon adds them when it next opens the history", old.getMessage());

        List<String> said = new ArrayList<>();
        HistoryDatabase.open(db, said::add).close();
        long records;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM mce_record")) {
            records = r.getLong(1);
        }
        assertEquals(List.of("history " + db + ": adding its counts per hour and day to its " + records
                + " records, once (it was written by an earlier mcelog-java)",
                "history " + db + ": counts per hour and day added"), said);
        HistoryDatabase.open(db, said::add).close();
        assertEquals(2, said.size(), "said once: the next open finds the counts");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            for (long[] span : spans()) {
                assertEquals(text(socketRows(c, span[0], span[1])), text(TimeCounts.records(c, span[0], span[1])));
                assertEquals(text(memoryRows(c, span[0], span[1])), text(TimeCounts.memory(c, span[0], span[1])));
                assertEquals(pageRows(c, span[0], span[1]), TimeCounts.pages(c, span[0], span[1], 1000, 1, 0));
            }
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'"
                         + " AND name IN ('mce_record_time', 'mc_event_time')")) {
                assertEquals(false, r.next(), "the wide indexes the counts replace are dropped");
            }
        }
    }

    /** The oracle: records per socket as {corrected, uncorrected}, counted from the rows. */
    private static Map<String, long[]> socketRows(Connection c, long from, long to) throws SQLException {
        Map<String, long[]> counts = new TreeMap<>();
        TimeCounts.query(c, "SELECT socketid, uncorrected FROM mce_record WHERE walltime >= ? AND walltime < ?", from, to,
                r -> counts.computeIfAbsent(r.getLong(1) + "", k -> new long[2])[r.getInt(2)]++);
        return counts;
    }

    /** The oracle: memory errors per DIMM as {corrected, uncorrected}, counted from the rows. */
    private static Map<String, long[]> memoryRows(Connection c, long from, long to) throws SQLException {
        Map<String, long[]> counts = new TreeMap<>();
        TimeCounts.query(c, "SELECT mc, top_layer, middle_layer, label, err_type FROM mc_event WHERE walltime >= ?"
                + " AND walltime < ?", from, to, r -> {
                    String key = r.getLong(1) + "/" + r.getInt(2) + "/" + r.getInt(3) + "/" + r.getString(4);
                    counts.computeIfAbsent(key, k -> new long[2])[r.getString(5).equals("Corrected") ? 0 : 1]++;
                });
        return counts;
    }

    /** The oracle: errors per page, most first, then by page. */
    private static List<TimeCounts.Page> pageRows(Connection c, long from, long to) throws SQLException {
        List<TimeCounts.Page> pages = new ArrayList<>();
        TimeCounts.query(c, "SELECT page, count(*) AS n FROM mc_event WHERE walltime >= ? AND walltime < ?"
                + " AND page IS NOT NULL GROUP BY page ORDER BY n DESC, page", from, to,
                r -> pages.add(new TimeCounts.Page(r.getLong(1), r.getLong(2))));
        return pages;
    }

    /** The oracle: one DIMM's errors in bucket {@code k}, by the timeline's rule, from the rows. */
    private static long bucketRows(Connection c, long until, long window, int buckets, int k,
                                   ErrorTimeline.DimmSeries d) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM mc_event WHERE walltime >= ?1 - ?2"
                + " AND walltime < ?1 AND (walltime - (?1 - ?2)) * ?3 / ?2 = ?4 AND mc = ?5 AND top_layer = ?6"
                + " AND middle_layer = ?7 AND label = ?8")) {
            s.setLong(1, until);
            s.setLong(2, window);
            s.setLong(3, buckets);
            s.setLong(4, k);
            s.setLong(5, d.socket());
            s.setInt(6, d.channel());
            s.setInt(7, d.dimm());
            s.setString(8, d.label());
            try (ResultSet r = s.executeQuery()) {
                return r.getLong(1);
            }
        }
    }

    /** {corrected, uncorrected, all of the window before} per key of either window. */
    private static Map<String, List<Long>> trend(Map<String, long[]> now, Map<String, long[]> before) {
        Map<String, List<Long>> trend = new TreeMap<>();
        now.forEach((k, n) -> trend.put(k, List.of(n[0], n[1], 0L)));
        before.forEach((k, b) -> {
            List<Long> n = trend.getOrDefault(k, List.of(0L, 0L, 0L));
            trend.put(k, List.of(n.get(0), n.get(1), b[0] + b[1]));
        });
        return trend;
    }

    /** Counts by key as text, in one order whatever the map's own. */
    private static Map<String, String> text(Map<?, long[]> counts) {
        Map<String, String> text = new TreeMap<>();
        counts.forEach((k, v) -> text.put(k instanceof TimeCounts.Dimm d
                ? d.socket() + "/" + d.channel() + "/" + d.dimm() + "/" + d.label() : k.toString(), v[0] + "," + v[1]));
        return text;
    }
}
