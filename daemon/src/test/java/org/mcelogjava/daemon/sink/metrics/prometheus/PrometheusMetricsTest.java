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
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.act.CountingPageOffliner;
import org.mcelogjava.daemon.act.TriggerRunner;
import org.mcelogjava.daemon.decode.CpuDecoders;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.CpuTypeTracker;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.daemon.policy.PageOffliner;
import org.mcelogjava.protocol.mce.Mce;

/** The Prometheus endpoint on loopback, scraped over real HTTP. */
class PrometheusMetricsTest {

    @Test
    void countsRecordsMemoryErrorsByChannelAndTheOtherCounters() throws Exception {
        TriggerRunner triggers = new TriggerRunner(Optional.empty(), 1, 1, Duration.ofSeconds(5),
                Executors.newCachedThreadPool(), Executors.newSingleThreadScheduledExecutor(), line -> { });
        MceDecoder decoder = new MceDecoder(new CpuTypeTracker(CpuType.SKYLAKE_XEON, true, line -> { }), new CpuDecoders());
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
                () -> 7, () -> 2, pages)) {
            metrics.recordLogged(decoder.decode(memory, 128));
            metrics.recordLogged(decoder.decode(memory, 128));
            metrics.recordLogged(decoder.decode(cache, 128));
            metrics.deviceOverflow();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metrics.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            String body = r.body();
            for (String line : new String[] {
                    "mcelog_records_read_total 3.0",
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
            assertTrue(body.matches("(?s).*mcelog_channel_correctable_errors_total\\{channel=\"[0-9]+\",dimm=\"unknown\",socket=\"1\"} 2\\.0\n.*"),
                    body);
        }
    }
}
