package org.mcelogjava.daemon.sink.metrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.act.CountingPageOffliner;
import org.mcelogjava.daemon.act.TriggerRunner;
import org.mcelogjava.daemon.decode.CpuDecoders;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.CpuTypeTracker;
import org.mcelogjava.daemon.decode.DimmMap;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.daemon.decode.RecordIdentity;
import org.mcelogjava.daemon.dmi.DmiMemory;
import org.mcelogjava.daemon.history.HistoryDatabase;
import org.mcelogjava.daemon.history.HistoryRecord;
import org.mcelogjava.daemon.history.HistoryRecords;
import org.mcelogjava.daemon.history.RecentDimmErrors;
import org.mcelogjava.daemon.policy.PageOffliner;
import org.mcelogjava.daemon.policy.RecordAccounting;
import org.mcelogjava.protocol.mce.Mce;

/** The Prometheus endpoint on loopback, scraped over real HTTP. */
class PrometheusMetricsTest {

    /** A corrected memory read error on socket 1, channel 2 (Skylake-SP bank 17), whose DMI has one DIMM. */
    private static final Mce LABELLED = Mce.builder().status(0x9c00000000000090L).addr(0x12345678L).bank(17).socketid(1)
            .cpuid(0x50654).finished(1).build();
    /** Socket 1 channel 2 has one DIMM, CPU1_DIMM_C1; the other channels are not described. */
    private static final List<DmiMemory.Device> DMI = List.of(
            new DmiMemory.Device("CPU1_DIMM_C1", "P1_Node1_Channel2_Dimm0"),
            new DmiMemory.Device("CPU1_DIMM_A1", "P1_Node1_Channel0_Dimm0"),
            new DmiMemory.Device("CPU1_DIMM_A2", "P1_Node1_Channel0_Dimm1"));
    private static final MceDecoder DECODER =
            new MceDecoder(new CpuTypeTracker(CpuType.SKYLAKE_XEON, true, line -> { }), new CpuDecoders(), true,
                    new DimmMap(DMI));

    @TempDir
    Path dir;

    @Test
    void countsRecordsMemoryErrorsByChannelAndTheOtherCounters() throws Exception {
        TriggerRunner triggers = new TriggerRunner(Optional.empty(), 1, 1, Duration.ofSeconds(5),
                Executors.newCachedThreadPool(), Executors.newSingleThreadScheduledExecutor(), line -> { });
        MceDecoder decoder = new MceDecoder(new CpuTypeTracker(CpuType.SKYLAKE_XEON, true, line -> { }),
                new CpuDecoders(), true, new DimmMap(DMI));
        // A corrected memory read error on socket 1, channel 2 of an iMC bank, and an uncorrected cache error.
        Mce memory = Mce.builder().status(0x9c00000000000092L).bank(13).socketid(1).cpuid(0x50654).finished(1).build();
        Mce cache = Mce.builder().status(0xb200000000000134L).bank(1).socketid(0).cpuid(0x50654).finished(1).build();
        CountingPageOffliner pages = new CountingPageOffliner((address, kind) -> {
            if (kind == PageOffliner.Kind.HARD) {
                throw new IOException("Device or resource busy");
            }
        });
        pages.offline(0x1000, PageOffliner.Kind.SOFT);
        pages.offline(0x2000, PageOffliner.Kind.SOFT);
        assertThrows(IOException.class, () -> pages.offline(0x3000, PageOffliner.Kind.HARD));
        try (PrometheusMetrics metrics = new PrometheusMetrics(new InetSocketAddress("127.0.0.1", 0), triggers,
                () -> 7, () -> 2, pages, Optional.empty())) {
            metrics.recordLogged(decoder.decode(memory, 128));
            metrics.recordLogged(decoder.decode(memory, 128));
            metrics.recordLogged(decoder.decode(cache, 128));
            metrics.recordLogged(DECODER.decode(LABELLED, 128));
            metrics.deviceOverflow();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metrics.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            String body = r.body();
            assertTrue(!body.contains("mcelog_dimm_errors_24h"), "no history, no 24-hour gauge:\n" + body);
            for (String line : new String[] {
                    "mcelog_records_read_total 4.0",
                    "mcelog_errors_total{bank=\"13\",socket=\"1\",type=\"corrected\"} 2.0",
                    "mcelog_errors_total{bank=\"1\",socket=\"0\",type=\"uncorrected\"} 1.0",
                    "mcelog_device_overflows_total 1.0",
                    "mcelog_triggers_total{outcome=\"started\"} 0.0",
                    "mcelog_stream_records_missed_total 7.0",
                    "mcelog_stream_readers 2.0",
                    "mcelog_page_offlines_total{kind=\"soft\",outcome=\"offlined\"} 2.0",
                    "mcelog_page_offlines_total{kind=\"hard\",outcome=\"failed\"} 1.0",
                    "mcelog_page_offlines_total{kind=\"hard\",outcome=\"offlined\"} 0.0"}) {
                assertTrue(body.contains(line + "\n"), line + " in:\n" + body);
            }
            // node_exporter's edac names and labels: the channel's only DIMM (from DMI) is csrow 0 with its label
            for (String line : new String[] {
                    "node_edac_correctable_errors_total{controller=\"1\"} 3.0",
                    "node_edac_csrow_correctable_errors_total{controller=\"1\",csrow=\"0\"} 1.0",
                    "node_edac_csrow_correctable_errors_total{controller=\"1\",csrow=\"unknown\"} 2.0",
                    "node_edac_channel_correctable_errors_total{channel=\"2\",controller=\"1\",csrow=\"0\","
                            + "dimm_label=\"CPU1_DIMM_C1\"} 1.0"}) {
                assertTrue(body.contains(line + "\n"), line + " in:\n" + body);
            }
            // a channel of two DIMMs and a record that names none: EDAC's default label, rewritten as node_exporter does
            assertTrue(body.matches("(?s).*node_edac_channel_correctable_errors_total\\{channel=\"([0-9]+)\",controller=\"1\","
                    + "csrow=\"unknown\",dimm_label=\"CPU_SrcID1_Chan\\1_DIMMany\"} 2\\.0\n.*"), body);
            assertTrue(!body.contains("node_edac_uncorrectable_errors_total{"), "no uncorrected memory error:\n" + body);
        }
    }

    @Test
    void theDimmsLast24HoursComeFromTheHistoryAndSurviveARestart() throws Exception {
        long now = 1_800_000_000L;
        Path db = dir.resolve("history.db");
        HistoryRecords rows = new HistoryRecords(ZoneOffset.UTC);
        try (HistoryDatabase history = HistoryDatabase.open(db)) {
            history.write(List.of(
                    row(rows, now - 10, 1), row(rows, now - RecentDimmErrors.WINDOW_SECONDS, 2), // in the window
                    row(rows, now - RecentDimmErrors.WINDOW_SECONDS - 1, 3), row(rows, now - 3 * 86_400, 4), // before it
                    row(rows, now + 60, 5))); // a clock ahead: recent
        }
        List<String> errors = new CopyOnWriteArrayList<>();
        String gauge = "mcelog_dimm_errors_24h{channel=\"2\",controller=\"1\",csrow=\"0\",dimm_label=\"CPU1_DIMM_C1\",";
        for (int life = 1; life <= 2; life++) { // a second endpoint over the same history: the daemon restarted
            try (PrometheusMetrics metrics = metrics(Optional.of(new RecentDimmErrors(db, () -> now, errors::add)))) {
                String body = scrape(metrics);
                assertTrue(body.contains(gauge + "type=\"corrected\"} 3.0\n"), "life " + life + ":\n" + body);
                assertTrue(body.contains(gauge + "type=\"uncorrected\"} 0.0\n"), "life " + life + ":\n" + body);
                assertTrue(!body.contains("node_edac_channel_correctable_errors_total{"),
                        "the counters start from zero with each life:\n" + body);
            }
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void aHistoryThatCannotBeReadLeavesTheGaugeOutAndIsSaidOnce() throws Exception {
        Path db = dir.resolve("not-yet.db");
        List<String> errors = new CopyOnWriteArrayList<>();
        try (PrometheusMetrics metrics = metrics(Optional.of(new RecentDimmErrors(db, () -> 1_800_000_000L, errors::add)))) {
            assertTrue(!scrape(metrics).contains("mcelog_dimm_errors_24h{"));
            scrape(metrics);
            assertEquals(List.of("cannot open the history " + db + ": No such file or directory;"
                    + " the 24-hour metrics are left out until it can be read"), errors);
            HistoryDatabase.open(db).close();
            scrape(metrics); // an empty history: no DIMM to show, and no error
            assertEquals("history " + db + ": readable again for the 24-hour metrics", errors.get(1));
            assertEquals(2, errors.size(), errors.toString());
        }
    }

    @Test
    void dimmLabelsAreRewrittenAsNodeExporterDoes() {
        assertEquals("CPU1__csrow0__channel2", PrometheusMetrics.edacLabel("CPU#1_csrow0_channel2"));
        assertEquals("CPU0_DIMM_A1", PrometheusMetrics.edacLabel("CPU0_DIMM_A1"));
    }

    /**
     * A scrape tells one story: taken while records are being counted, it never shows a record in
     * one series and not yet in another (the records read, the controller's, the csrow's and the
     * channel's counts of the same memory errors agree in every scrape).
     */
    @Test
    void aScrapeWhileRecordsAreCountedShowsEverySeriesAtTheSameRecord() throws Exception {
        try (PrometheusMetrics metrics = metrics(Optional.empty())) {
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread counting = new Thread(() -> {
                var decoded = DECODER.decode(LABELLED, 128);
                while (!done.get()) {
                    metrics.recordLogged(decoded);
                }
            });
            counting.start();
            try {
                for (int i = 0; i < 200; i++) {
                    String body = scrape(metrics);
                    List<String> counts = List.of("mcelog_records_read_total ",
                            "node_edac_correctable_errors_total{controller=\"1\"} ",
                            "node_edac_csrow_correctable_errors_total{controller=\"1\",csrow=\"0\"} ",
                            "node_edac_channel_correctable_errors_total{channel=\"2\",controller=\"1\",csrow=\"0\","
                                    + "dimm_label=\"CPU1_DIMM_C1\"} ").stream()
                            .map(series -> body.lines().filter(l -> l.startsWith(series)).findFirst()
                                    .map(l -> l.substring(series.length())).orElse("absent"))
                            .toList();
                    assertEquals(1, counts.stream().distinct().count(), "scrape " + i + ": " + counts);
                }
            } finally {
                done.set(true);
                counting.join();
            }
        }
    }

    private static HistoryRecord row(HistoryRecords rows, long time, long sequence) {
        return rows.of(DECODER.decode(LABELLED.toBuilder().time(time).build(), 128, new RecordIdentity("boot", sequence)),
                RecordAccounting.Outcome.NOTHING);
    }

    private static PrometheusMetrics metrics(Optional<RecentDimmErrors> recent) throws IOException {
        TriggerRunner triggers = new TriggerRunner(Optional.empty(), 1, 1, Duration.ofSeconds(5),
                Executors.newCachedThreadPool(), Executors.newSingleThreadScheduledExecutor(), line -> { });
        return new PrometheusMetrics(new InetSocketAddress("127.0.0.1", 0), triggers, () -> 0, () -> 0,
                new CountingPageOffliner((address, kind) -> { }), recent);
    }

    private static String scrape(PrometheusMetrics metrics) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metrics.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }
}
