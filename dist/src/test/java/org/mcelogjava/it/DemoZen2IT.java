package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.protocol.testing.Await;

/**
 * {@code bin/mcelog-demo --cpu zen2}: the whole pipeline on the simulator's AMD Zen 2. Every record
 * is decoded as SMCA (bank type from MCA_IPID; a UMC record names its channel, chip select and DIMM
 * and carries its ECC syndrome), the summary's figures are the daemon's own as its log and
 * {@code mcelog --client} say for the run (DIMMs named by socket, UMC channel and DIMM with their
 * DMI names, never "any" alone), the history's page shows them, the Prometheus endpoint
 * ({@code --metrics}) counts memory errors per socket, channel and DIMM with node_exporter's edac
 * names and labels (controller, csrow, channel, dimm_label), as the records it has logged say, and
 * the record stream carries a UMC record's channel, DIMM, page, SYND and IPID.
 */
class DemoZen2IT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java"));
    private static final int DURATION = 8;
    private static final Pattern UMC_LINE = Pattern.compile(
            "(?m)^Memory: UMC channel (\\d+) chip select (\\d+) \\(DIMM (\\d+)\\)$");
    private static final Pattern SOCKET = Pattern.compile("SOCKETID (\\d+)");
    private static final Pattern UMC_BANK = Pattern.compile("\"bank_name\":\"BANK \\d+ Unified Memory Controller\"");

    @TempDir
    Path dir;

    @Test
    void theZen2DemoDecodesAccountsAndCountsEveryRecordAsSmca() throws Exception {
        Path work = dir.resolve("demo");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        String[] scrape;
        Map<String, Long> scrapedSites;
        Process demo = new ProcessBuilder(HOME.resolve("bin/mcelog-demo").toString(), "--cpu", "zen2",
                "--duration", String.valueOf(DURATION), "--dir", work.toString(), "--metrics", "127.0.0.1:" + port)
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            Path log = work.resolve("mcelog.log");
            // While it runs: a scrape that has counted memory errors, compared with the first N records of the
            // log (N = the records the scrape has counted; the log is written in the same order).
            scrape = new String[1];
            Await.until(() -> {
                scrape[0] = scrape(port);
                return scrape[0] != null && scrape[0].contains("node_edac_channel_correctable_errors_total{");
            }, Duration.ofSeconds(60), "a scrape of the demo's metrics with a memory error");
            long counted = (long) value(scrape[0], "mcelog_records_read_total");
            Await.until(() -> records(read(log)).size() >= counted, "the log with the " + counted + " records scraped");
            List<String> first = records(read(log)).subList(0, (int) counted);
            Map<String, Long> perSite = new TreeMap<>(); // "SOCKET s CHANNEL c DIMM d", as the summary and dump name them
            Map<String, Long> perBank = new TreeMap<>();
            for (String record : first) {
                String socket = match(SOCKET, record, 1);
                Matcher bank = Pattern.compile("(?m)^CPU \\d+ BANK (\\d+) ").matcher(record);
                assertTrue(bank.find(), record);
                perBank.merge("bank=\"" + bank.group(1) + "\",socket=\"" + socket + "\",type=\"corrected\"", 1L, Long::sum);
                Matcher umc = UMC_LINE.matcher(record);
                if (umc.find()) {
                    perSite.merge("SOCKET " + socket + " CHANNEL " + umc.group(1) + " DIMM " + umc.group(3), 1L, Long::sum);
                }
            }
            assertFalse(perSite.isEmpty(), String.join("", first));
            scrapedSites = perSite;
            assertEquals(perBank, series(scrape[0], "mcelog_errors_total"), scrape[0]);
            assertEquals(Map.of(), series(scrape[0], "node_edac_channel_uncorrectable_errors_total"));
            assertEquals(Map.of(), series(scrape[0], "node_edac_uncorrectable_errors_total"));

            // The record stream (PROTOCOL.md §15) carries the SMCA facts: a UMC record's channel, DIMM, page,
            // SYND and IPID as its text says them
            try (SocketChannel stream = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                stream.connect(UnixDomainSocketAddress.of(work.resolve("mcelog-client")));
                stream.write(ByteBuffer.wrap("subscribe 1 json replay\n".getBytes(StandardCharsets.US_ASCII)));
                BufferedReader lines = new BufferedReader(new InputStreamReader(Channels.newInputStream(stream),
                        StandardCharsets.UTF_8));
                assertEquals("ok 1 json", lines.readLine());
                String umc = null;
                for (String line = lines.readLine(); umc == null && line != null; line = lines.readLine()) {
                    umc = UMC_BANK.matcher(line).find() ? line : null;
                }
                assertTrue(umc != null, "a UMC record on the stream");
                String text = member(umc, "text").replace("\\n", "\n");
                Matcher site = UMC_LINE.matcher(text);
                assertTrue(site.find(), text);
                assertTrue(umc.contains("\"cpu_type\":\"AMD Scalable MCA (Zen)\""), umc);
                assertTrue(umc.contains("\"class\":\"corrected\",\"uncorrected\":false,\"severity\":null"), umc);
                assertTrue(umc.contains("\"channel\":" + site.group(1) + ",\"dimm\":" + site.group(3) + ","), umc);
                Matcher regs = Pattern.compile("(?m)^SYND ([0-9a-f]+) IPID ([0-9a-f]+)$").matcher(text);
                assertTrue(regs.find(), text);
                assertEquals("0x" + regs.group(1), member(umc, "synd"));
                assertEquals("0x" + regs.group(2), member(umc, "ipid"));
                long addr = Long.parseUnsignedLong(match(Pattern.compile("ADDR ([0-9a-f]+)"), text, 1), 16);
                assertEquals(addr & ~0xfffL, Long.parseUnsignedLong(member(umc, "page").substring(2), 16));
            }

            assertTrue(demo.waitFor(120, TimeUnit.SECONDS), "mcelog-demo --cpu zen2 ended within 120 s");
        } finally {
            demo.destroyForcibly();
        }
        String output = Files.readString(out);
        assertEquals(0, demo.exitValue(), output + Files.readString(err));
        assertEquals("", Files.readString(err));
        assertTrue(output.contains("metrics:   http://127.0.0.1:" + port + "/metrics"), output);
        String logText = Files.readString(work.resolve("mcelog.log"));
        List<String> records = records(logText);

        // Every record decoded as SMCA; a UMC DRAM ECC error with its site and syndrome
        assertTrue(records.size() > 0, "a few simulated hours of two faulty DIMMs produce records");
        Map<String, Long> perDimm = new TreeMap<>();
        for (String record : records) {
            assertTrue(record.contains("\nSMCA: "), record);
            assertTrue(record.contains("\nCPUID Vendor AMD Family 23 Model 1 "), record);
            Matcher umc = UMC_LINE.matcher(record);
            if (record.contains("\nSMCA: Unified Memory Controller ")) {
                assertTrue(umc.find(), record);
                assertEquals(Integer.parseInt(umc.group(2)) / 2, Integer.parseInt(umc.group(3)), "DIMM = chip select / 2");
                assertTrue(record.contains("\nError: DRAM ECC error (extended error code 0)\n"), record);
                assertTrue(Pattern.compile("(?m)^ECC syndrome: 0x[0-9a-f]+ \\(16 bits\\)$").matcher(record).find(), record);
                perDimm.merge("SOCKET " + match(SOCKET, record, 1) + " CHANNEL " + umc.group(1) + " DIMM " + umc.group(3),
                        1L, Long::sum);
            } else {
                assertTrue(Pattern.compile("\nSMCA: (Load Store Unit|L2 Cache|L3 Cache) ").matcher(record).find(), record);
            }
        }

        // The summary: the daemon's figures for the run, as DemoIT checks them for the Intel machine
        assertEquals(records.size(), figure(output, "records"));
        Map<String, Long> perSocket = new TreeMap<>();
        records.forEach(r -> perSocket.merge(match(SOCKET, r, 1), 1L, Long::sum));
        perSocket.forEach((s, n) -> assertEquals(n, figure(output, "socket " + s), "socket " + s));
        assertEquals(count(logText, "exceeded threshold|exceed threshold"), figure(output, "thresholds crossed"));
        assertEquals(count(logText, "(?m)^Running trigger `"), figure(output, "triggers run"));
        assertTrue(figure(output, "triggers run") > 0, "a faulty DIMM crosses its threshold and the DIMM trigger runs");
        assertTrue(output.contains("log overflows:      none"), output);
        String dump = Files.readString(work.resolve("client.txt"));
        long memory = perDimm.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(output.matches("(?s).*\n\\s+SOCKET 0 CHANNEL any DIMM any\\s+" + memory + " / 0\n.*"), output);
        String page = Files.readString(work.resolve("report.html"));
        for (var e : perDimm.entrySet()) {
            // the summary's line for the DIMM, with the DMI name the dump gives it, and the page's row
            String name = dmiName(dump, e.getKey());
            assertTrue(output.matches("(?s).*\n\\s+" + Pattern.quote(e.getKey()) + "\\s+" + Pattern.quote(name)
                    + "\\s+" + e.getValue() + " / 0\n.*"), e + " in\n" + output);
            String[] w = e.getKey().split(" ");
            assertTrue(page.contains("<tr><td>" + w[1] + "</td><td>" + w[3] + "</td><td>"), e.getKey() + " on the page");
            assertTrue(page.contains(name), name + " on the page");
        }
        // The scrape's edac series: per DIMM its count among the first N records, labelled by the socket
        // (controller), the DIMM in its channel (csrow), the UMC channel and the DIMM's DMI name as
        // node_exporter's edac collector rewrites a dimm_label (edac_linux.go: no '#', '_' before
        // "csrow" and "channel"); per socket the sum
        Map<String, Long> channels = new TreeMap<>();
        Map<String, Long> controllers = new TreeMap<>();
        for (var e : scrapedSites.entrySet()) {
            String[] w = e.getKey().split(" ");
            String label = dmiName(dump, e.getKey()).replace("#", "").replace("csrow", "_csrow")
                    .replace("channel", "_channel");
            channels.put("channel=\"" + w[3] + "\",controller=\"" + w[1] + "\",csrow=\"" + w[5] + "\",dimm_label=\""
                    + label + "\"", e.getValue());
            controllers.merge("controller=\"" + w[1] + "\"", e.getValue(), Long::sum);
        }
        assertEquals(channels, series(scrape[0], "node_edac_channel_correctable_errors_total"), scrape[0]);
        assertEquals(controllers, series(scrape[0], "node_edac_correctable_errors_total"), scrape[0]);

        long offlined = count(dump, "(?m)^[0-9a-f]+: total \\d+ seen \"[^\"]*\" offline( triggered)?$");
        assertTrue(output.contains(", " + offlined + " offlined"), output);
        assertFalse(Files.exists(work.resolve("mcelog.pid")), "the daemon stopped cleanly");
    }

    @Test
    void theHelpNamesTheZen2MachineAndABadCpuIsAUsageError() throws Exception {
        Process help = new ProcessBuilder(HOME.resolve("bin/mcelog-demo").toString(), "--help").start();
        String text = new String(help.getInputStream().readAllBytes());
        assertEquals(0, help.waitFor());
        assertTrue(text.startsWith("usage: mcelog-demo [--cpu skx|zen2] "), text);
        assertTrue(text.contains("\n  --cpu skx|zen2 ") && text.contains("AMD Zen 2"), text);
        assertTrue(text.contains("\n  --metrics HOST:PORT "), text);

        for (String[] bad : new String[][] {{"--cpu", "zen9"}, {"--cpu"}, {"--metrics", "9177"}}) {
            List<String> argv = new java.util.ArrayList<>(List.of(HOME.resolve("bin/mcelog-demo").toString()));
            argv.addAll(Arrays.asList(bad));
            Process p = new ProcessBuilder(argv).start();
            String stdout = new String(p.getInputStream().readAllBytes());
            List<String> lines = new String(p.getErrorStream().readAllBytes()).lines().toList();
            assertEquals(1, p.waitFor(), String.join(" ", bad));
            assertEquals("", stdout);
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("mcelog-demo: " + bad[0]) && (bad.length == 1
                    || lines.get(0).contains("'" + bad[1] + "'")), lines.get(0));
            assertEquals("Try 'mcelog-demo --help'.", lines.get(1));
        }
    }

    /** The DMI name {@code mcelog --client}'s dump gives the DIMM {@code site} ("SOCKET s CHANNEL c DIMM d"). */
    private static String dmiName(String dump, String site) {
        Matcher name = Pattern.compile(Pattern.quote(site) + "\nDMI_NAME \"([^\"]+)\"").matcher(dump);
        assertTrue(name.find(), site + " with its DMI name in\n" + dump);
        return name.group(1);
    }

    /** The log's records, each from its "Hardware event" line to the next. */
    private static List<String> records(String log) {
        return Arrays.stream(log.split("(?m)^(?=Hardware event)")).filter(r -> r.startsWith("Hardware event")).toList();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** The endpoint's scrape, or null while the daemon does not listen yet. */
    private static String scrape(int port) throws InterruptedException {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException notYet) {
            return null;
        }
    }

    private static double value(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), name + " in\n" + scrape);
        return Double.parseDouble(m.group(1));
    }

    /** A counter's non-zero series, by their labels as the scrape writes them (sorted by name). */
    private static Map<String, Long> series(String scrape, String name) {
        Map<String, Long> s = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        while (m.find()) {
            long v = (long) Double.parseDouble(m.group(2));
            if (v > 0) {
                s.put(m.group(1), v);
            }
        }
        return s;
    }

    /** A string member of a JSON line, its escapes left as they are. */
    private static String member(String json, String name) {
        return match(Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\""), json, 1);
    }

    private static String match(Pattern p, String text, int group) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), p + " in\n" + text);
        return m.group(group);
    }

    private static long count(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().count();
    }

    /** A summary figure: {@code "  NAME:   N"}. */
    private static long figure(String out, String name) {
        Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(name) + ":\\s+(\\d+)").matcher(out);
        assertTrue(m.find(), name + " in\n" + out);
        return Long.parseLong(m.group(1));
    }
}
