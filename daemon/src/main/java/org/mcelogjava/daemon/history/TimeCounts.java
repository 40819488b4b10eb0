package org.mcelogjava.daemon.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The history's counts over time, kept beside rasdaemon's tables in the writer's transaction: per
 * hour, records per socket and UC bit ({@code mcelog_hourly_records}) and memory errors per DIMM and
 * UC ({@code mcelog_hourly_memory}); per day, memory errors per page ({@code mcelog_daily_pages},
 * page first, so that a year's pages are summed in one pass without sorting). A count over a span of
 * time reads the whole hours (days) inside it from these and the ragged ends from the rows
 * themselves, so it is exact and costs about the same for a year as for a day.
 *
 * <p>Times are whole seconds since the epoch; an hour is {@code floor(walltime / 3600)}, a day
 * {@code floor(walltime / 86400)} (UTC). A row of {@code mc_event} is one error ({@code err_count} 1,
 * as the daemon writes them). A DIMM without a label is counted under the empty label, as rows
 * without one are read.
 */
final class TimeCounts {

    static final long HOUR = 3600;
    static final long DAY = 86_400;

    /** The tables, and the index by time that the ragged ends and the newest record are read from. */
    static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS mcelog_hourly_records (hour INTEGER, socketid INTEGER, uncorrected INTEGER,"
                    + " records INTEGER, PRIMARY KEY (hour, socketid, uncorrected)) WITHOUT ROWID",
            "CREATE TABLE IF NOT EXISTS mcelog_hourly_memory (hour INTEGER, mc INTEGER, top_layer INTEGER,"
                    + " middle_layer INTEGER, label TEXT, uncorrected INTEGER, errors INTEGER,"
                    + " PRIMARY KEY (hour, mc, top_layer, middle_layer, label, uncorrected)) WITHOUT ROWID",
            "CREATE TABLE IF NOT EXISTS mcelog_daily_pages (page INTEGER, day INTEGER, errors INTEGER,"
                    + " PRIMARY KEY (page, day)) WITHOUT ROWID",
            "CREATE INDEX IF NOT EXISTS mce_record_walltime ON mce_record (walltime)");

    /** A table of {@link #SCHEMA}: all are created in one transaction, so a history has all or none. */
    static final String LAST_TABLE = "mcelog_daily_pages";

    /**
     * Fills the tables from the rows already stored, for a history written before they existed, and
     * drops the wide indexes by time they replace. Run in the transaction that creates them.
     */
    static void fill(Statement s) throws SQLException {
        s.execute("INSERT INTO mcelog_hourly_records SELECT " + unit("walltime", HOUR) + ", socketid, uncorrected,"
                + " count(*) FROM mce_record WHERE walltime IS NOT NULL GROUP BY 1, 2, 3");
        s.execute("INSERT INTO mcelog_hourly_memory SELECT " + unit("walltime", HOUR) + ", mc, top_layer,"
                + " middle_layer, coalesce(label, ''), err_type <> 'Corrected', count(*) FROM mc_event"
                + " WHERE walltime IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6");
        s.execute("INSERT INTO mcelog_daily_pages SELECT page, " + unit("walltime", DAY) + ", count(*) FROM mc_event"
                + " WHERE walltime IS NOT NULL AND page IS NOT NULL GROUP BY 1, 2");
        s.execute("DROP INDEX IF EXISTS mce_record_time");
        s.execute("DROP INDEX IF EXISTS mc_event_time");
    }

    /** The {@code unit} (seconds) that SQL's {@code column} falls in, rounded down as {@link Math#floorDiv} does. */
    private static String unit(String column, long unit) {
        return "(" + column + " - ((" + column + " % " + unit + ") + " + unit + ") % " + unit + ") / " + unit;
    }

    /** A DIMM as the history names it: EDAC's mc, top and middle layers, and the label. */
    record Dimm(long socket, int channel, int dimm, String label) implements Comparable<Dimm> {

        private static final Comparator<Dimm> ORDER = Comparator.comparingLong(Dimm::socket)
                .thenComparingInt(Dimm::channel).thenComparingInt(Dimm::dimm).thenComparing(Dimm::label);

        @Override
        public int compareTo(Dimm other) {
            return ORDER.compare(this, other);
        }
    }

    private record RecordsKey(long hour, long socket, boolean uncorrected) {
    }

    private record MemoryKey(long hour, Dimm dimm, boolean uncorrected) {
    }

    private record PageKey(long page, long day) {
    }

    private final PreparedStatement addRecords;
    private final PreparedStatement addMemory;
    private final PreparedStatement addPages;

    /** The writer's side, on the writer's connection. */
    TimeCounts(Connection writer) throws SQLException {
        addRecords = writer.prepareStatement("INSERT INTO mcelog_hourly_records (hour, socketid, uncorrected, records)"
                + " VALUES (?,?,?,?) ON CONFLICT (hour, socketid, uncorrected)"
                + " DO UPDATE SET records = records + excluded.records");
        addMemory = writer.prepareStatement("INSERT INTO mcelog_hourly_memory (hour, mc, top_layer, middle_layer,"
                + " label, uncorrected, errors) VALUES (?,?,?,?,?,?,?)"
                + " ON CONFLICT (hour, mc, top_layer, middle_layer, label, uncorrected)"
                + " DO UPDATE SET errors = errors + excluded.errors");
        addPages = writer.prepareStatement("INSERT INTO mcelog_daily_pages (page, day, errors) VALUES (?,?,?)"
                + " ON CONFLICT (page, day) DO UPDATE SET errors = errors + excluded.errors");
    }

    /**
     * Counts {@code stored}, the records a transaction has just stored (not those it skipped as
     * known), in that transaction: one statement per row of counts, however many records share it.
     */
    void add(List<HistoryRecord> stored) throws SQLException {
        Map<RecordsKey, Long> records = new HashMap<>();
        Map<MemoryKey, Long> memory = new HashMap<>();
        Map<PageKey, Long> pages = new TreeMap<>(Comparator.comparingLong(PageKey::page).thenComparingLong(PageKey::day));
        for (HistoryRecord r : stored) {
            records.merge(new RecordsKey(Math.floorDiv(r.mce().walltime(), HOUR), r.mce().socketid(),
                    r.mce().uncorrected()), 1L, Long::sum);
            for (HistoryRecord.McEventRow e : r.memory()) {
                Dimm dimm = new Dimm(e.mc(), e.topLayer(), e.middleLayer(), Objects.requireNonNullElse(e.label(), ""));
                memory.merge(new MemoryKey(Math.floorDiv(e.walltime(), HOUR), dimm, uncorrected(e.errType())), 1L,
                        Long::sum);
                if (e.page() >= 0) {
                    pages.merge(new PageKey(e.page(), Math.floorDiv(e.walltime(), DAY)), 1L, Long::sum);
                }
            }
        }
        try {
            for (Map.Entry<RecordsKey, Long> e : records.entrySet()) {
                addRecords.setLong(1, e.getKey().hour());
                addRecords.setLong(2, e.getKey().socket());
                addRecords.setInt(3, e.getKey().uncorrected() ? 1 : 0);
                addRecords.setLong(4, e.getValue());
                addRecords.addBatch();
            }
            addRecords.executeBatch();
            for (Map.Entry<MemoryKey, Long> e : memory.entrySet()) {
                Dimm d = e.getKey().dimm();
                addMemory.setLong(1, e.getKey().hour());
                addMemory.setLong(2, d.socket());
                addMemory.setInt(3, d.channel());
                addMemory.setInt(4, d.dimm());
                addMemory.setString(5, d.label());
                addMemory.setInt(6, e.getKey().uncorrected() ? 1 : 0);
                addMemory.setLong(7, e.getValue());
                addMemory.addBatch();
            }
            addMemory.executeBatch();
            // in the table's order: each leaf of the page-first table is visited once per transaction
            for (Map.Entry<PageKey, Long> e : pages.entrySet()) {
                addPages.setLong(1, e.getKey().page());
                addPages.setLong(2, e.getKey().day());
                addPages.setLong(3, e.getValue());
                addPages.addBatch();
            }
            addPages.executeBatch();
        } finally {
            addRecords.clearBatch();
            addMemory.clearBatch();
            addPages.clearBatch();
        }
    }

    /** rasdaemon's {@code err_type}: anything but {@code Corrected} counts as uncorrected, as the summary says. */
    private static boolean uncorrected(String errType) {
        return !"Corrected".equals(errType);
    }

    /**
     * Records stored per socket with times in {@code [from, to)} ({@code to} {@link Long#MAX_VALUE}: no
     * end), each as {corrected, uncorrected}, by socket.
     */
    static Map<Long, long[]> records(Connection c, long from, long to) throws SQLException {
        return byUncorrected(c, from, to,
                "SELECT socketid, uncorrected, count(*) FROM mce_record WHERE walltime >= ?1 AND walltime < ?2"
                        + " GROUP BY socketid, uncorrected",
                "SELECT socketid, uncorrected, sum(records) FROM mcelog_hourly_records WHERE hour >= ?1 AND hour < ?2"
                        + " GROUP BY socketid, uncorrected",
                r -> r.getLong(1), 2);
    }

    /**
     * Memory errors per DIMM with times in {@code [from, to)} ({@code to} {@link Long#MAX_VALUE}: no
     * end), each as {corrected, uncorrected}, by socket, channel, DIMM and label.
     */
    static Map<Dimm, long[]> memory(Connection c, long from, long to) throws SQLException {
        return byUncorrected(c, from, to,
                "SELECT mc, top_layer, middle_layer, coalesce(label, ''), err_type <> 'Corrected', count(*)"
                        + " FROM mc_event WHERE walltime >= ?1 AND walltime < ?2 GROUP BY 1, 2, 3, 4, 5",
                "SELECT mc, top_layer, middle_layer, label, uncorrected, sum(errors) FROM mcelog_hourly_memory"
                        + " WHERE hour >= ?1 AND hour < ?2 GROUP BY 1, 2, 3, 4, 5",
                r -> new Dimm(r.getLong(1), r.getInt(2), r.getInt(3), r.getString(4)), 5);
    }

    /** The key a result row is counted under. */
    private interface KeyOf<K> {
        K of(ResultSet r) throws SQLException;
    }

    /**
     * Counts by key over {@code [from, to)} by the hour ({@link #count}): each row of {@code rows} and
     * {@code counted} has its key, then the UC bit in column {@code uc}, then the count.
     */
    private static <K> Map<K, long[]> byUncorrected(Connection c, long from, long to, String rows, String counted,
                                                    KeyOf<K> key, int uc) throws SQLException {
        Map<K, long[]> counts = new TreeMap<>();
        count(c, from, to, HOUR, rows, counted,
                r -> counts.computeIfAbsent(key.of(r), k -> new long[2])[r.getInt(uc) == 0 ? 0 : 1] += r.getLong(uc + 1));
        return counts;
    }

    /** Errors on one 4 KiB page. */
    record Page(long page, long errors) {
    }

    /**
     * The {@code top} pages with the most memory errors with times in {@code [from, to)}, most first
     * (then by page). A span with up to {@code fromRows} errors in all (the caller knows how many: the
     * DIMMs' counts) is counted from its rows, whose index by time makes that cost follow the span;
     * a longer one from the daily counts (one pass over them, whatever the span) and the rows of its
     * ragged ends.
     */
    static List<Page> pages(Connection c, long from, long to, int top, long errors, long fromRows)
            throws SQLException {
        String rows = "SELECT page, count(*) AS n FROM mc_event WHERE walltime >= ?1 AND walltime < ?2"
                + " AND page IS NOT NULL GROUP BY page";
        if (errors <= fromRows) { // one query: SQLite picks the top pages itself
            List<Page> pages = new ArrayList<>();
            query(c, rows + " ORDER BY n DESC, page LIMIT " + top, from, to,
                    r -> pages.add(new Page(r.getLong(1), r.getLong(2))));
            return List.copyOf(pages);
        }
        Map<Long, Long> counts = new HashMap<>();
        count(c, from, to, DAY, rows, "SELECT page, sum(errors) FROM mcelog_daily_pages"
                + " WHERE day >= ?1 AND day < ?2 GROUP BY page", r -> counts.merge(r.getLong(1), r.getLong(2), Long::sum));
        List<Page> pages = new ArrayList<>();
        counts.forEach((page, n) -> pages.add(new Page(page, n)));
        pages.sort(Comparator.comparingLong(Page::errors).reversed().thenComparingLong(Page::page));
        return List.copyOf(pages.subList(0, Math.min(top, pages.size())));
    }

    /** Takes one result row. */
    interface RowSink {
        void take(ResultSet r) throws SQLException;
    }

    /**
     * Feeds {@code sink} the rows of {@code rows} (by time, ?1 ?2 seconds) for the ragged ends of
     * {@code [from, to)} and of {@code counted} (?1 ?2 in units of {@code unit} seconds) for the whole
     * units between them.
     */
    private static void count(Connection c, long from, long to, long unit, String rows, String counted,
                              RowSink sink) throws SQLException {
        long first = ceilDiv(from, unit);
        long end = Math.floorDiv(to, unit); // to = Long.MAX_VALUE: end * unit does not overflow
        if (first >= end) {
            query(c, rows, from, to, sink);
            return;
        }
        if (from < first * unit) {
            query(c, rows, from, first * unit, sink);
        }
        query(c, counted, first, end, sink);
        if (end * unit < to) {
            query(c, rows, end * unit, to, sink);
        }
    }

    /** {@code a / b} rounded up ({@code Math.ceilDiv} is Java 18's). */
    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** Feeds {@code sink} each row of {@code sql}, its parameters ?1 and ?2 bound to {@code from} and {@code to}. */
    static void query(Connection c, String sql, long from, long to, RowSink sink) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, from);
            s.setLong(2, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    sink.take(r);
                }
            }
        }
    }
}
