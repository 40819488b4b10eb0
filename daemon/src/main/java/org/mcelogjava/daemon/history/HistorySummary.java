package org.mcelogjava.daemon.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the history says about a window of time and the window before it (for the trend): errors
 * per socket (all records), per DIMM (memory errors, with channel and label), the pages with the most
 * memory errors, pages offlined and thresholds crossed. Each query reads one covering index by time
 * ({@link HistoryDatabase}'s {@code *_time} indexes), so the cost follows the window, not the history.
 *
 * @param since    the window's start, seconds since the epoch (inclusive)
 * @param until    the window's end (exclusive); the previous window is as long and ends at {@code since}
 */
public record HistorySummary(long since, long until, List<SocketCount> sockets, List<DimmCount> dimms,
                             List<PageCount> pages, List<Offline> offlined, List<Threshold> thresholds) {

    /** Pages listed: the ones with the most errors. */
    public static final int TOP_PAGES = 10;
    /** Thresholds listed: the latest. */
    public static final int LAST_THRESHOLDS = 20;

    public HistorySummary {
        sockets = List.copyOf(sockets);
        dimms = List.copyOf(dimms);
        pages = List.copyOf(pages);
        offlined = List.copyOf(offlined);
        thresholds = List.copyOf(thresholds);
    }

    /** Errors of one socket: corrected and uncorrected in the window, all in the previous one. */
    public record SocketCount(long socket, long corrected, long uncorrected, long previous) {
        public long total() {
            return corrected + uncorrected;
        }
    }

    /** Memory errors of one DIMM ({@code dimm} -1: the record did not say which DIMM of the channel). */
    public record DimmCount(long socket, int channel, int dimm, String label, long corrected, long uncorrected,
                            long previous) {
        public long total() {
            return corrected + uncorrected;
        }
    }

    /** Memory errors on one 4 KiB page in the window. */
    public record PageCount(long page, long errors) {
    }

    /** A page offlined in the window, as {@code memory_failure_event} has it. */
    public record Offline(long time, String pfn, String result) {
    }

    /** A threshold crossed in the window, as the log said it. */
    public record Threshold(long time, String message) {
    }

    /**
     * The end (exclusive) of the window that ends now, for every output of the history (summary,
     * report, live page, its JSON): after the current second, so that a record logged in this second,
     * as a record's time is in whole seconds, is in the window; or just after the history's newest
     * record when that is later (a machine whose clock is ahead of this one's, as the simulator's
     * scaled clock is).
     */
    public static long until(Connection c, long nowSeconds) throws SQLException {
        return Math.max(nowSeconds + 1, newest(c).orElse(nowSeconds) + 1);
    }

    /**
     * Reads the summary of the {@code window} that ends now ({@link #until}) from the database at {@code path}.
     *
     * @throws SQLException naming the file and the reason (also when it does not exist)
     */
    public static HistorySummary readEndingNow(Path path, long nowSeconds, long window) throws SQLException {
        return HistoryDatabase.read(path, c -> read(c, until(c, nowSeconds), window));
    }

    /** Reads the summary of {@code [until - window, until)} from a connection of {@link HistoryDatabase#read}. */
    public static HistorySummary read(Connection c, long until, long window) throws SQLException {
        long since = until - window;
        long before = since - window;
        // ?1 the window's start, ?2 the previous window's, ?3 the end
        List<SocketCount> sockets = rows(c, "SELECT socketid,"
                + " sum(walltime >= ?1 AND uncorrected = 0), sum(walltime >= ?1 AND uncorrected = 1),"
                + " sum(walltime < ?1) FROM mce_record WHERE walltime >= ?2 AND walltime < ?3"
                + " GROUP BY socketid ORDER BY socketid", since, before, until,
                r -> new SocketCount(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)));
        List<DimmCount> dimms = rows(c, "SELECT mc, top_layer, middle_layer, label,"
                + " sum(walltime >= ?1 AND err_type = 'Corrected'), sum(walltime >= ?1 AND err_type <> 'Corrected'),"
                + " sum(walltime < ?1) FROM mc_event WHERE walltime >= ?2 AND walltime < ?3"
                + " GROUP BY mc, top_layer, middle_layer, label ORDER BY mc, top_layer, middle_layer", since, before, until,
                r -> new DimmCount(r.getLong(1), r.getInt(2), r.getInt(3), r.getString(4), r.getLong(5), r.getLong(6),
                        r.getLong(7)));
        List<PageCount> pages = rows(c, "SELECT page, count(*) AS n FROM mc_event"
                + " WHERE walltime >= ?1 AND walltime < ?3 AND page IS NOT NULL GROUP BY page"
                + " ORDER BY n DESC, page LIMIT " + TOP_PAGES, since, before, until,
                r -> new PageCount(r.getLong(1), r.getLong(2)));
        List<Offline> offlined = rows(c, "SELECT walltime, pfn, action_result FROM memory_failure_event"
                + " WHERE walltime >= ?1 AND walltime < ?3 ORDER BY walltime, id", since, before, until,
                r -> new Offline(r.getLong(1), r.getString(2), r.getString(3)));
        List<Threshold> thresholds = rows(c, "SELECT walltime, message FROM threshold_event"
                + " WHERE walltime >= ?1 AND walltime < ?3 ORDER BY walltime DESC, id DESC LIMIT " + LAST_THRESHOLDS,
                since, before, until, r -> new Threshold(r.getLong(1), r.getString(2)));
        return new HistorySummary(since, until, sockets, dimms, pages, offlined, thresholds);
    }

    /**
     * The time of the history's newest record, seconds since the epoch; empty when it holds none. One
     * step down the {@code mce_record_time} index.
     */
    public static OptionalLong newest(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT max(walltime) FROM mce_record");
             ResultSet r = s.executeQuery()) {
            long newest = r.getLong(1);
            return r.wasNull() ? OptionalLong.empty() : OptionalLong.of(newest);
        }
    }

    /** One row of a query's result as a value. */
    private interface Row<T> {
        T of(ResultSet r) throws SQLException;
    }

    private static <T> List<T> rows(Connection c, String sql, long since, long before, long until, Row<T> row)
            throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, since);
            s.setLong(2, before);
            s.setLong(3, until);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(row.of(r));
                }
            }
        }
        return rows;
    }
}
