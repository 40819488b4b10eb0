package org.mcelogjava.daemon.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Memory errors over time per DIMM: the window cut into equal buckets, the errors of each DIMM
 * (socket = EDAC's {@code mc}, channel = {@code top_layer}, slot = {@code middle_layer}) counted per
 * bucket, as {@link TimeCounts} counts them: the whole hours of a bucket from the counts per hour,
 * its ragged ends from the rows, so a bucket of a year's window costs what one of a day's does.
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

    /**
     * Reads the timeline from a connection of {@link HistoryDatabase#read}. Bucket {@code k} holds the
     * times {@code t} with {@code floor((t - since) * buckets / window) = k}.
     */
    public static ErrorTimeline read(Connection c, long until, long window, int buckets) throws SQLException {
        long since = until - window;
        Map<TimeCounts.Dimm, long[]> series = new TreeMap<>();
        for (int k = 0; k < buckets; k++) {
            long from = since + TimeCounts.ceilDiv(k * window, buckets);
            long to = since + TimeCounts.ceilDiv((k + 1) * window, buckets);
            for (Map.Entry<TimeCounts.Dimm, long[]> e : TimeCounts.memory(c, from, to).entrySet()) {
                series.computeIfAbsent(e.getKey(), d -> new long[buckets])[k] += e.getValue()[0] + e.getValue()[1];
            }
        }
        List<DimmSeries> dimms = new ArrayList<>();
        series.forEach((d, counts) -> dimms.add(new DimmSeries(d.socket(), d.channel(), d.dimm(), d.label(),
                Arrays.stream(counts).boxed().toList())));
        return new ErrorTimeline(since, until, buckets, dimms);
    }
}
