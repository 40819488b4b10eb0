package org.mcelogjava.daemon.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mcelogjava.daemon.history.ErrorTimeline;
import org.mcelogjava.daemon.history.HistorySummary;

/**
 * The history as one self-contained HTML page (styles inline, no scripts or fonts fetched): a heat
 * map per socket with a row per memory channel and a column per DIMM slot, each cell coloured by the
 * DIMM's errors in the window and carrying them as text and as {@code data-dimm} (the DIMM's label)
 * / {@code data-count}; the errors over time per DIMM as server-drawn SVG bars; and the summary's
 * tables. A pure function of the {@link HistorySummary} and the {@link ErrorTimeline}.
 *
 * <p>The layout is the DIMMs the history knows in this window and the one before (rasdaemon's
 * {@code mc_event} layers: channel and slot, labelled from DMI as {@code ras-mc-ctl} labels them);
 * slot {@code any} collects records that name the channel but not the DIMM.
 */
public final class HtmlReport {

    /** Parts the window is cut into for the chart. */
    public static final int BUCKETS = 48;

    private static final String STYLE = """
            body{font-family:sans-serif;margin:1.5em;color:#222}
            h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}
            table{border-collapse:collapse;margin:.5em 0}
            td,th{border:1px solid #bbb;padding:.25em .6em;text-align:right}
            th{background:#eee}
            table.heat td.dimm{width:7em;height:3em;text-align:center;font-weight:bold}
            table.heat td.none{background:#f4f4f4;color:#aaa;text-align:center}
            .sockets{display:flex;gap:2em;flex-wrap:wrap}
            .label{font-size:.75em;font-weight:normal;display:block}
            svg text{font-size:11px;fill:#444}
            """;

    private HtmlReport() {
    }

    /**
     * The page. {@code refresh} is the live page's inline script (empty for a file), put at the end
     * of the body unchanged.
     */
    public static String page(HistorySummary s, ErrorTimeline timeline, String refresh) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>mcelog report</title>\n<style>")
                .append(STYLE).append("</style></head>\n<body>\n<div id=\"report\">\n<h1>Machine-check errors from ")
                .append(Instant.ofEpochSecond(s.since())).append(" to ").append(Instant.ofEpochSecond(s.until()))
                .append("</h1>\n");
        heatMap(b, s);
        chart(b, timeline);
        tables(b, s);
        return b.append("</div>\n").append(refresh).append("</body></html>\n").toString();
    }

    private static void heatMap(StringBuilder b, HistorySummary s) {
        b.append("<h2>Memory errors per DIMM</h2>\n");
        if (s.dimms().isEmpty()) {
            b.append("<p id=\"no-memory-errors\">No memory errors in this window or the one before.</p>\n");
            return;
        }
        long max = s.dimms().stream().mapToLong(HistorySummary.DimmCount::total).max().orElse(0);
        Map<Long, List<HistorySummary.DimmCount>> bySocket = new TreeMap<>();
        s.dimms().forEach(d -> bySocket.computeIfAbsent(d.socket(), k -> new ArrayList<>()).add(d));
        b.append("<div class=\"sockets\">\n");
        bySocket.forEach((socket, dimms) -> {
            TreeSet<Integer> channels = new TreeSet<>();
            TreeSet<Integer> slots = new TreeSet<>();
            dimms.forEach(d -> {
                channels.add(d.channel());
                slots.add(d.dimm());
            });
            b.append("<table class=\"heat\" data-socket=\"").append(socket).append("\"><caption>Socket ")
                    .append(socket).append("</caption>\n<tr><th>channel</th>");
            slots.forEach(slot -> b.append("<th>DIMM ").append(place(slot)).append("</th>"));
            b.append("</tr>\n");
            for (int channel : channels) {
                b.append("<tr><th>").append(place(channel)).append("</th>");
                for (int slot : slots) {
                    HistorySummary.DimmCount d = dimms.stream()
                            .filter(x -> x.channel() == channel && x.dimm() == slot).findFirst().orElse(null);
                    if (d == null) {
                        b.append("<td class=\"none\">-</td>");
                    } else {
                        b.append("<td class=\"dimm\" data-dimm=\"").append(escape(d.label())).append("\" data-count=\"")
                                .append(d.total()).append("\" style=\"background:").append(color(d.total(), max))
                                .append("\" title=\"").append(escape(d.label())).append(": ").append(d.corrected())
                                .append(" corrected, ").append(d.uncorrected()).append(" uncorrected\">")
                                .append(d.total()).append("<span class=\"label\">").append(escape(d.label()))
                                .append("</span></td>");
                    }
                }
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        });
        b.append("</div>\n");
    }

    /** Green for none, then yellow to red as the count nears the busiest DIMM's. */
    static String color(long count, long max) {
        if (count == 0 || max == 0) {
            return "hsl(120,45%,88%)";
        }
        long hue = Math.round(55 - 55.0 * count / max);
        return "hsl(" + hue + ",90%,62%)";
    }

    private static void chart(StringBuilder b, ErrorTimeline t) {
        b.append("<h2>Memory errors over time per DIMM</h2>\n");
        if (t.dimms().isEmpty()) {
            b.append("<p>None.</p>\n");
            return;
        }
        long max = t.dimms().stream().flatMap(d -> d.counts().stream()).mapToLong(Long::longValue).max().orElse(1);
        int width = 600;
        int height = 60;
        double bar = (double) width / t.buckets();
        for (ErrorTimeline.DimmSeries d : t.dimms()) {
            b.append("<figure data-series=\"").append(escape(d.label())).append("\"><figcaption>")
                    .append(escape(d.label())).append(" (socket ").append(d.socket()).append(", channel ")
                    .append(place(d.channel())).append(", DIMM ").append(place(d.dimm())).append(")</figcaption>\n")
                    .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width + 60)
                    .append("\" height=\"").append(height + 20).append("\" role=\"img\">")
                    .append("<line x1=\"0\" y1=\"").append(height).append("\" x2=\"").append(width).append("\" y2=\"")
                    .append(height).append("\" stroke=\"#888\"/>");
            for (int i = 0; i < d.counts().size(); i++) {
                long n = d.counts().get(i);
                if (n == 0) {
                    continue;
                }
                double h = Math.max(1, (double) height * n / max);
                b.append(String.format("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#c0392b\">"
                        + "<title>%d</title></rect>", i * bar, height - h, Math.max(1, bar - 1), h, n));
            }
            b.append("<text x=\"").append(width + 4).append("\" y=\"10\">").append(max).append("</text>")
                    .append("<text x=\"0\" y=\"").append(height + 14).append("\">")
                    .append(Instant.ofEpochSecond(t.since())).append("</text>")
                    .append("<text x=\"").append(width).append("\" y=\"").append(height + 14)
                    .append("\" text-anchor=\"end\">").append(Instant.ofEpochSecond(t.until())).append("</text>")
                    .append("</svg></figure>\n");
        }
    }

    private static void tables(StringBuilder b, HistorySummary s) {
        b.append("<h2>Summary</h2>\n<table class=\"sockets-table\"><tr><th>socket</th><th>corrected</th>"
                + "<th>uncorrected</th><th>previous window</th><th>trend</th></tr>\n");
        s.sockets().forEach(c -> b.append("<tr><td>").append(c.socket()).append("</td><td>").append(c.corrected())
                .append("</td><td>").append(c.uncorrected()).append("</td><td>").append(c.previous())
                .append("</td><td>").append(SummaryFormat.trend(c.total(), c.previous())).append("</td></tr>\n"));
        b.append("</table>\n<table class=\"dimms-table\"><tr><th>socket</th><th>channel</th><th>DIMM</th><th>label</th>"
                + "<th>corrected</th><th>uncorrected</th><th>previous window</th><th>trend</th></tr>\n");
        s.dimms().forEach(d -> b.append("<tr><td>").append(d.socket()).append("</td><td>").append(place(d.channel()))
                .append("</td><td>").append(place(d.dimm())).append("</td><td>").append(escape(d.label()))
                .append("</td><td>").append(d.corrected()).append("</td><td>").append(d.uncorrected())
                .append("</td><td>").append(d.previous()).append("</td><td>")
                .append(SummaryFormat.trend(d.total(), d.previous())).append("</td></tr>\n"));
        b.append("</table>\n<h2>Pages with the most memory errors</h2>\n<table><tr><th>page</th><th>errors</th></tr>\n");
        s.pages().forEach(p -> b.append("<tr><td>0x").append(Long.toHexString(p.page())).append("</td><td>")
                .append(p.errors()).append("</td></tr>\n"));
        b.append("</table>\n<h2>Pages offlined: ").append(s.offlined().size()).append("</h2>\n<ul>\n");
        s.offlined().forEach(o -> b.append("<li>").append(Instant.ofEpochSecond(o.time())).append(" pfn ")
                .append(escape(o.pfn())).append(' ').append(escape(o.result())).append("</li>\n"));
        b.append("</ul>\n<h2>Thresholds crossed: ").append(s.thresholds().size()).append("</h2>\n<ul>\n");
        s.thresholds().forEach(t -> b.append("<li>").append(Instant.ofEpochSecond(t.time())).append(' ')
                .append(escape(t.message())).append("</li>\n"));
        b.append("</ul>\n");
    }

    private static String place(int n) {
        return n == -1 ? "any" : Integer.toString(n);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
