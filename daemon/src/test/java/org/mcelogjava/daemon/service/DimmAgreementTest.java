package org.mcelogjava.daemon.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.config.ConfigFile;
import org.mcelogjava.daemon.config.ConfigValidator;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.decode.AmdDecoding;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.device.Batch;
import org.mcelogjava.daemon.dmi.DmiMemory;
import org.mcelogjava.daemon.history.HistoryRecorder;
import org.mcelogjava.daemon.machine.SocketMachineFiles;
import org.mcelogjava.daemon.sink.SyslogWriter;
import org.mcelogjava.daemon.sink.metrics.prometheus.PrometheusMetrics;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.mce.MceLayout;

/**
 * A memory error's DIMM is placed once and every output names the same one: memory errors on a
 * Skylake server (whose records give the channel, never the DIMM) go through the record path as the
 * daemon's composition root builds it, with DMI describing the DIMMs, a history and the metrics
 * endpoint; the stream (read on the real client socket), the history's {@code mc_event} rows and the
 * metrics' node_exporter series are compared for each record.
 */
class DimmAgreementTest {

    /** Socket 1: channel 2 holds one DIMM; channel 0 holds two. */
    private static final List<DmiMemory.Device> DMI = List.of(
            new DmiMemory.Device("CPU1_DIMM_C1", "P1_Node1_Channel2_Dimm0"),
            new DmiMemory.Device("CPU1_DIMM_A1", "P1_Node1_Channel0_Dimm0"),
            new DmiMemory.Device("CPU1_DIMM_A2", "P1_Node1_Channel0_Dimm1"));

    @TempDir
    Path dir;

    private static Mce memoryError(int bank, long time) {
        return Mce.builder().status(0x9c00000000000090L).addr(0x12345678L).bank(bank).socketid(1).cpuid(0x50654)
                .mcgcap(0x1000c14L).time(time).finished(1).build();
    }

    @Test
    void theStreamTheHistoryAndTheMetricsNameTheSameDimm() throws Exception {
        Path db = dir.resolve("history.db");
        Path socket = dir.resolve("client.sock");
        Path conf = dir.resolve("mcelog.conf");
        Files.writeString(conf, "[server]\nsocket-path = " + socket + "\n[history]\ndatabase = " + db
                + "\n[metrics]\nlisten = 127.0.0.1:0\n");
        McelogConfig config = ConfigValidator.validate(ConfigFile.read(conf), Set.of());
        // Skylake-SP banks 13 and 17: channels 0 (two DIMMs: which one, nobody can say) and 2 (one DIMM)
        Mce[] records = {memoryError(17, 1_800_000_000L), memoryError(13, 1_800_000_001L)};
        byte[] data = new byte[records.length * MceLayout.SIZE];
        for (int i = 0; i < records.length; i++) {
            MceCodec.encode(records[i], data, i * MceLayout.SIZE, MceLayout.SIZE);
        }
        List<String> errors = new ArrayList<>();
        try (Closer parts = new Closer(errors::add)) {
            DaemonAssembly.Plan plan = new DaemonAssembly.Plan(config, Optional.of(CpuType.SKYLAKE_XEON), DMI,
                    new Decoding(CpuType.SKYLAKE_XEON, true, AmdDecoding.SMCA, true, ZoneId.of("UTC"),
                            OptionalDouble.empty(), false, 0),
                    Optional.empty(), Optional.empty(), false, Optional.empty(), SyslogWriter.LOG_WARNING);
            DaemonAssembly.RecordPath path = DaemonAssembly.recordPath(plan, parts, text -> { }, errors::add,
                    new SocketMachineFiles(() -> {
                        throw new IOException("no device in this test");
                    }), () -> 1_800_000_010L);
            assertTrue(path.processor().process(new Batch(data, MceLayout.SIZE, false,
                    Optional.of(new Batch.Numbering("boot-a", 1)))));
            HistoryRecorder history = path.history().orElseThrow();
            history.batchEnds(); // as the device loop's BatchPath ends each batch
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                while (history.written() < records.length) {
                    Thread.sleep(5); // the history's own writer thread: wait for it, bounded
                }
            });

            List<String> stream = StreamLines.replayed(socket, records.length);
            List<String> rows = mcEvents(db);
            String metrics = scrape(((PrometheusMetrics) path.metrics()).port());

            // channel 2's only DIMM
            assertTrue(stream.get(0).contains("\"channel\":2,\"dimm\":0,\"dimm_label\":\"CPU1_DIMM_C1\","), stream.get(0));
            assertEquals("1 2 0 CPU1_DIMM_C1", rows.get(0));
            assertTrue(metrics.contains("node_edac_channel_correctable_errors_total{channel=\"2\",controller=\"1\","
                    + "csrow=\"0\",dimm_label=\"CPU1_DIMM_C1\"} 1.0\n"), metrics);
            // channel 0 has two DIMMs and the record names neither
            assertTrue(stream.get(1).contains("\"channel\":0,\"dimm\":null,\"dimm_label\":\"CPU_SrcID#1_Chan#0_DIMM#any\","),
                    stream.get(1));
            assertEquals("1 0 -1 CPU_SrcID#1_Chan#0_DIMM#any", rows.get(1));
            assertTrue(metrics.contains("node_edac_channel_correctable_errors_total{channel=\"0\",controller=\"1\","
                    + "csrow=\"unknown\",dimm_label=\"CPU_SrcID1_Chan0_DIMMany\"} 1.0\n"), metrics);
        }
        assertEquals(List.of(), errors);
    }

    /** mc_event's mc, top and middle layers and label, in record order. */
    private static List<String> mcEvents(Path db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT mc, top_layer, middle_layer, label FROM mc_event ORDER BY id")) {
            while (r.next()) {
                rows.add(r.getLong(1) + " " + r.getLong(2) + " " + r.getLong(3) + " " + r.getString(4));
            }
        }
        return rows;
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }
}
