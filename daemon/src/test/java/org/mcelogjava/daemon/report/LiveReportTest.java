package org.mcelogjava.daemon.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.decode.RecordIdentity;
import org.mcelogjava.daemon.history.HistoryDatabase;
import org.mcelogjava.daemon.history.HistoryRecord;

/** The daemon's live page over real HTTP on loopback: the history as it is at each request. */
class LiveReportTest {

    private static final long NOW = 1_800_000_000L;
    private static final String LABEL = "CPU_SrcID#0_Chan#4_DIMM#any";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private int sequence;

    private HistoryRecord corrected(long walltime) {
        HistoryRecord.MceRow mce = new HistoryRecord.MceRow("t", 0, 0, 0, 0, 0, 0, 0, walltime, 0, 0x50654, 0, 0,
                0, 13, 0, "iMC", "memory read error", "", "", "", "", 0x12345, false);
        HistoryRecord.McEventRow row = new HistoryRecord.McEventRow("t", 1, "Corrected", "memory read error", LABEL,
                0, 4, -1, -1, 0x12345000, 4096, 0, "", walltime, 0x12345);
        return new HistoryRecord(new RecordIdentity("boot", sequence++), mce, List.of(row), Optional.empty(), List.of());
    }

    private HttpResponse<String> get(LiveReport live, String path) throws Exception {
        InetSocketAddress a = live.address();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageOfTheHistoryAsItIsAtEachRequest() throws Exception {
        Path db = dir.resolve("history.db");
        try (HistoryDatabase h = HistoryDatabase.open(db);
             LiveReport live = new LiveReport(new InetSocketAddress("127.0.0.1", 0), db, () -> NOW)) {
            h.write(List.of(corrected(NOW - 60), corrected(NOW - 30)));
            HttpResponse<String> first = get(live, "/");
            assertEquals(200, first.statusCode());
            assertEquals("text/html; charset=utf-8", first.headers().firstValue("Content-Type").orElseThrow());
            Document page = Jsoup.parse(first.body());
            assertEquals("2", page.selectFirst("td[data-dimm=" + LABEL + "]").attr("data-count"));
            assertTrue(page.selectFirst("script").data().contains("setTimeout(refresh, 1000)"), "the page refreshes itself");

            h.write(List.of(corrected(NOW - 10)));
            assertEquals("3", Jsoup.parse(get(live, "/").body()).selectFirst("td[data-dimm=" + LABEL + "]")
                    .attr("data-count"));
            assertTrue(get(live, "/summary.json").body().contains("\"label\":\"" + LABEL + "\",\"corrected\":3,"));

            HttpResponse<String> missing = get(live, "/nothing");
            assertEquals(404, missing.statusCode());
            assertEquals("mcelog report: no page /nothing (the report is /, the summary /summary.json)\n", missing.body());
        }
    }

    @Test
    void aHistoryNotYetWrittenIsSaidWithItsPath() throws Exception {
        Path db = dir.resolve("not-yet.db");
        try (LiveReport live = new LiveReport(new InetSocketAddress("127.0.0.1", 0), db, () -> NOW)) {
            HttpResponse<String> r = get(live, "/");
            assertEquals(503, r.statusCode());
            assertEquals("mcelog report: cannot open the history " + db + ": No such file or directory\n", r.body());
        }
    }

    @Test
    void closingFreesThePort() throws Exception {
        Path db = dir.resolve("history.db");
        LiveReport live = new LiveReport(new InetSocketAddress("127.0.0.1", 0), db, () -> NOW);
        InetSocketAddress address = live.address();
        live.close();
        new LiveReport(new InetSocketAddress("127.0.0.1", address.getPort()), db, () -> NOW).close();
    }

    @Test
    void anAddressInUseIsRefusedNamingItAndTheReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            IOException e = assertThrows(IOException.class,
                    () -> new LiveReport(new InetSocketAddress("127.0.0.1", port), dir.resolve("h.db"), () -> NOW));
            assertEquals("cannot listen on 127.0.0.1:" + port + ": Address already in use", e.getMessage());
            // an IPv6 address of no interface here (the documentation prefix) is bracketed
            e = assertThrows(IOException.class,
                    () -> new LiveReport(new InetSocketAddress("2001:db8::1", port), dir.resolve("h.db"), () -> NOW));
            assertTrue(e.getMessage().startsWith("cannot listen on [2001:db8:0:0:0:0:0:1]:" + port + ": "),
                    e.getMessage());
        }
    }
}
