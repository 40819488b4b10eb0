package org.mcelogjava.daemon.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory errors over time per DIMM: the window cut into equal buckets, the {@code mc_event} rows of
 * each DIMM (socket = EDAC's {@code mc}, channel = {@code top_layer}, slot = {@code middle_layer})
 * counted per bucket. One grouped query over {@link HistoryDatabase}'s covering {@code mc_event_time}
 * index, so the cost follows the window.
 *
 * @param since   the window's start, seconds since the epoch (inclusive)
 * @param until   the window's end (exclusive)
 * @param buckets how many equal parts the window is cut into
 * @param dimms   the DIMMs with errors in the window, by socket, channel and slot
 */
public record ErrorTimeline(long since, long until, int buckets, List<DimmSeries> dimms) {

    public ErrorTimeline {
        dimms = List.copyOf(dimms);
    }

    /** One DIMM's errors per bucket (corrected and uncorrected together). */
    public record DimmSeries(long socket, int channel, int dimm, String label, List<Long> counts) {
        public DimmSeries {
            counts = List.copyOf(counts);
        }
    }

    /**
     * Reads the timeline of {@code [until - window, until)} in {@code buckets} parts.
     *
     * @throws SQLException naming the file and the reason (also when it does not exist)
     */
    public static ErrorTimeline read(Path path, long until, long window, int buckets) throws SQLException {
        return HistoryDatabase.read(path, c -> read(c, until, window, buckets));
    }

    /** Reads the timeline from a connection of {@link HistoryDatabase#read}. */
    public static ErrorTimeline read(Connection c, long until, long window, int buckets) throws SQLException {
        long since = until - window;
        Map<List<Object>, long[]> series = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT mc, top_layer, middle_layer, label,"
                     + " (walltime - ?1) * ?3 / (?2 - ?1) AS bucket, count(*) FROM mc_event"
                     + " WHERE walltime >= ?1 AND walltime < ?2"
                     + " GROUP BY mc, top_layer, middle_layer, label, bucket ORDER BY mc, top_layer, middle_layer")) {
            s.setLong(1, since);
            s.setLong(2, until);
            s.setLong(3, buckets);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    List<Object> key = List.of(r.getLong(1), r.getInt(2), r.getInt(3), r.getString(4));
                    series.computeIfAbsent(key, k -> new long[buckets])[r.getInt(5)] += r.getLong(6);
                }
            }
        }
        List<DimmSeries> dimms = new ArrayList<>();
        series.forEach((k, v) -> dimms.add(new DimmSeries((Long) k.get(0), (Integer) k.get(1), (Integer) k.get(2),
                (String) k.get(3), Arrays.stream(v).boxed().toList())));
        return new ErrorTimeline(since, until, buckets, dimms);
    }
}
