package org.mcelogjava.daemon.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the history says about a window of time and the window before it (for the trend): errors
 * per socket (all records), per DIMM (memory errors, with channel and label), the pages with the most
 * memory errors, pages offlined and thresholds crossed. Sockets and DIMMs are read from the counts
 * per hour ({@link TimeCounts}), so their cost is the same for a year as for a day; pages from the
 * rows of a short window or the counts per day of a long one; offlined pages and thresholds from an
 * index by time ({@code *_time}), as they are few.
 *
 * @param since    the window's start, seconds since the epoch (inclusive)
 * @param until    the window's end (exclusive); the previous window is as long and ends at {@code since}
 */
public record HistorySummary(long since, long until, List<SocketCount> sockets, List<DimmCount> dimms,
                             List<PageCount> pages, List<Offline> offlined, List<Threshold> thresholds) {

    /** Pages listed: the ones with the most errors. */
    public static final int TOP_PAGES = 10;
    /**
     * A window with up to this many memory errors has its pages counted from its rows (a cost that
     * follows the window), a longer one from the daily counts (one pass, whatever the window:
     * BENCHMARKS.md, history).
     */
    static final long PAGES_FROM_ROWS = 1_000_000;
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
        Map<Long, long[]> socketsNow = TimeCounts.records(c, since, until);
        Map<Long, long[]> socketsBefore = TimeCounts.records(c, before, since);
        List<SocketCount> sockets = new ArrayList<>();
        for (long socket : union(socketsNow, socketsBefore)) {
            long[] now = socketsNow.getOrDefault(socket, NONE);
            sockets.add(new SocketCount(socket, now[0], now[1], total(socketsBefore.get(socket))));
        }
        Map<TimeCounts.Dimm, long[]> dimmsNow = TimeCounts.memory(c, since, until);
        Map<TimeCounts.Dimm, long[]> dimmsBefore = TimeCounts.memory(c, before, since);
        List<DimmCount> dimms = new ArrayList<>();
        for (TimeCounts.Dimm d : union(dimmsNow, dimmsBefore)) {
            long[] now = dimmsNow.getOrDefault(d, NONE);
            dimms.add(new DimmCount(d.socket(), d.channel(), d.dimm(), d.label(), now[0], now[1],
                    total(dimmsBefore.get(d))));
        }
        long errors = dimmsNow.values().stream().mapToLong(n -> n[0] + n[1]).sum();
        List<PageCount> pages = TimeCounts.pages(c, since, until, TOP_PAGES, errors, PAGES_FROM_ROWS).stream()
                .map(p -> new PageCount(p.page(), p.errors())).toList();
        // ?1 the window's start, ?2 its end
        List<Offline> offlined = new ArrayList<>();
        TimeCounts.query(c, "SELECT walltime, pfn, action_result FROM memory_failure_event"
                + " WHERE walltime >= ?1 AND walltime < ?2 ORDER BY walltime, id", since, until,
                r -> offlined.add(new Offline(r.getLong(1), r.getString(2), r.getString(3))));
        List<Threshold> thresholds = new ArrayList<>();
        TimeCounts.query(c, "SELECT walltime, message FROM threshold_event"
                + " WHERE walltime >= ?1 AND walltime < ?2 ORDER BY walltime DESC, id DESC LIMIT " + LAST_THRESHOLDS,
                since, until, r -> thresholds.add(new Threshold(r.getLong(1), r.getString(2))));
        return new HistorySummary(since, until, sockets, dimms, pages, offlined, thresholds);
    }

    /**
     * The time of the history's newest record, seconds since the epoch; empty when it holds none. One
     * step down the {@code mce_record_walltime} index.
     */
    public static OptionalLong newest(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT max(walltime) FROM mce_record");
             ResultSet r = s.executeQuery()) {
            long newest = r.getLong(1);
            return r.wasNull() ? OptionalLong.empty() : OptionalLong.of(newest);
        }
    }

    private static final long[] NONE = new long[2];

    private static <K extends Comparable<K>> SortedSet<K> union(Map<K, ?> a, Map<K, ?> b) {
        SortedSet<K> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static long total(long[] counts) {
        return counts == null ? 0 : counts[0] + counts[1];
    }
}
