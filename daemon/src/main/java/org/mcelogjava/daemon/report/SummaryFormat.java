package org.mcelogjava.daemon.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcelogjava.daemon.history.HistorySummary;
import org.mcelogjava.protocol.stream.JsonText;

/**
 * The summary as a table a person reads and as JSON a script reads; both pure functions of the
 * {@link HistorySummary}. Channels are the sums of their DIMMs. The trend compares the window's
 * total with the previous window's: {@code up}, {@code down} or {@code same}.
 */
public final class SummaryFormat {

    private SummaryFormat() {
    }

    /** The trend word for this window's total against the previous window's. */
    static String trend(long now, long previous) {
        return now > previous ? "up" : now < previous ? "down" : "same";
    }

    /** The table. */
    public static String text(HistorySummary s) {
        StringBuilder out = new StringBuilder();
        out.append("Errors from ").append(Instant.ofEpochSecond(s.since())).append(" to ")
                .append(Instant.ofEpochSecond(s.until())).append(" (trend: against the window before)\n\n");
        out.append(String.format("%-8s %10s %12s %10s  %s%n", "SOCKET", "CORRECTED", "UNCORRECTED", "PREVIOUS", "TREND"));
        for (HistorySummary.SocketCount c : s.sockets()) {
            out.append(String.format("%-8d %10d %12d %10d  %s%n", c.socket(), c.corrected(), c.uncorrected(),
                    c.previous(), trend(c.total(), c.previous())));
        }
        out.append('\n').append(String.format("%-8s %-8s %10s %12s %10s  %s%n", "SOCKET", "CHANNEL", "CORRECTED",
                "UNCORRECTED", "PREVIOUS", "TREND"));
        for (Map.Entry<List<Long>, long[]> e : channels(s).entrySet()) {
            long[] v = e.getValue();
            out.append(String.format("%-8d %-8s %10d %12d %10d  %s%n", e.getKey().get(0), place(e.getKey().get(1)),
                    v[0], v[1], v[2], trend(v[0] + v[1], v[2])));
        }
        out.append('\n').append(String.format("%-8s %-8s %-5s %-28s %10s %12s %10s  %s%n", "SOCKET", "CHANNEL", "DIMM",
                "LABEL", "CORRECTED", "UNCORRECTED", "PREVIOUS", "TREND"));
        for (HistorySummary.DimmCount d : s.dimms()) {
            out.append(String.format("%-8d %-8s %-5s %-28s %10d %12d %10d  %s%n", d.socket(), place(d.channel()),
                    place(d.dimm()), d.label(), d.corrected(), d.uncorrected(), d.previous(),
                    trend(d.total(), d.previous())));
        }
        out.append("\nPages with the most memory errors:\n");
        if (s.pages().isEmpty()) {
            out.append("  none\n");
        }
        s.pages().forEach(p -> out.append(String.format("  0x%x: %d%n", p.page(), p.errors())));
        out.append("\nPages offlined: ").append(s.offlined().size()).append('\n');
        s.offlined().forEach(o -> out.append("  ").append(Instant.ofEpochSecond(o.time())).append(" pfn ")
                .append(o.pfn()).append(' ').append(o.result()).append('\n'));
        out.append("\nThresholds crossed: ").append(s.thresholds().size()).append('\n');
        s.thresholds().forEach(t -> out.append("  ").append(Instant.ofEpochSecond(t.time())).append(' ')
                .append(t.message()).append('\n'));
        return out.toString();
    }

    /** The JSON document (one object, newline-terminated). */
    public static String json(HistorySummary s) {
        StringBuilder out = new StringBuilder();
        out.append("{\"since\":").append(s.since()).append(",\"until\":").append(s.until()).append(",\"sockets\":[");
        join(out, s.sockets(), (b, c) -> b.append("{\"socket\":").append(c.socket()).append(",\"corrected\":")
                .append(c.corrected()).append(",\"uncorrected\":").append(c.uncorrected()).append(",\"previous\":")
                .append(c.previous()).append(",\"trend\":\"").append(trend(c.total(), c.previous())).append("\"}"));
        out.append("],\"channels\":[");
        join(out, List.copyOf(channels(s).entrySet()), (b, e) -> {
            long[] v = e.getValue();
            b.append("{\"socket\":").append(e.getKey().get(0)).append(",\"channel\":").append(e.getKey().get(1))
                    .append(",\"corrected\":").append(v[0]).append(",\"uncorrected\":").append(v[1])
                    .append(",\"previous\":").append(v[2]).append(",\"trend\":\"").append(trend(v[0] + v[1], v[2]))
                    .append("\"}");
        });
        out.append("],\"dimms\":[");
        join(out, s.dimms(), (b, d) -> {
            b.append("{\"socket\":").append(d.socket()).append(",\"channel\":").append(d.channel())
                    .append(",\"dimm\":").append(d.dimm()).append(",\"label\":");
            JsonText.quote(b, d.label());
            b.append(",\"corrected\":").append(d.corrected()).append(",\"uncorrected\":").append(d.uncorrected())
                    .append(",\"previous\":").append(d.previous()).append(",\"trend\":\"")
                    .append(trend(d.total(), d.previous())).append("\"}");
        });
        out.append("],\"pages\":[");
        join(out, s.pages(), (b, p) -> b.append("{\"page\":\"0x").append(Long.toHexString(p.page()))
                .append("\",\"errors\":").append(p.errors()).append('}'));
        out.append("],\"offlined\":[");
        join(out, s.offlined(), (b, o) -> {
            b.append("{\"time\":").append(o.time()).append(",\"pfn\":");
            JsonText.quote(b, o.pfn());
            b.append(",\"result\":");
            JsonText.quote(b, o.result());
            b.append('}');
        });
        out.append("],\"thresholds\":[");
        join(out, s.thresholds(), (b, t) -> {
            b.append("{\"time\":").append(t.time()).append(",\"message\":");
            JsonText.quote(b, t.message());
            b.append('}');
        });
        return out.append("]}\n").toString();
    }

    /** Per (socket, channel): corrected, uncorrected, previous, summed over the channel's DIMMs. */
    static Map<List<Long>, long[]> channels(HistorySummary s) {
        Map<List<Long>, long[]> channels = new LinkedHashMap<>();
        for (HistorySummary.DimmCount d : s.dimms()) {
            long[] v = channels.computeIfAbsent(List.of(d.socket(), (long) d.channel()), k -> new long[3]);
            v[0] += d.corrected();
            v[1] += d.uncorrected();
            v[2] += d.previous();
        }
        return channels;
    }

    private static String place(long n) {
        return n == -1 ? "?" : Long.toString(n);
    }

    private interface Writer<T> {
        void write(StringBuilder b, T value);
    }

    private static <T> void join(StringBuilder out, List<T> values, Writer<T> writer) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writer.write(out, values.get(i));
        }
    }
}
