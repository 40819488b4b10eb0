package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mcelog-demo} as the README runs it (a short duration and its own {@code --dir}): it ends
 * with one final status line and a summary whose figures are the daemon's own, as its log and its
 * client socket ({@code mcelog --client}, saved by the demo) say for the same run; and it follows the
 * command-line convention.
 */
class DemoIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java"));
    private static final int DURATION = 6;

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private Run run(String... args) throws Exception {
        return run(List.of(HOME.resolve("bin/mcelog-demo").toString()), args);
    }

    private Run run(List<String> launcher, String... args) throws Exception {
        List<String> argv = new ArrayList<>(launcher);
        argv.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", "");
        Path err = Files.createTempFile(dir, "err", "");
        Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mcelog-demo " + args[0] + " did not end within 120 s");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theDemoEndsWithOneFinalLineAndTheDaemonsOwnSummary() throws Exception {
        Path work = dir.resolve("demo");
        Run r = run("--duration", String.valueOf(DURATION), "--dir", work.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals("", r.err());
        Path log = work.resolve("mcelog.log");
        String logText = Files.readString(log);
        List<String> lines = r.out().lines().toList();

        List<String> finalLines = lines.stream().filter(l -> l.matches("\\s*" + DURATION + "s \\(simulated.*")).toList();
        assertEquals(1, finalLines.size(), r.out());
        int summaryAt = lines.indexOf("Summary (from the daemon's log and mcelog --client):");
        assertEquals(finalLines.get(0), lines.get(summaryAt - 1), "the final status line, then the summary");

        long records = count(logText, "(?m)^Hardware event");
        assertTrue(records > 0, "a few simulated hours of a server produce records");
        assertEquals(records, figure(r.out(), "records"));
        assertTrue(finalLines.get(0).contains(": " + records + " records ("), finalLines.get(0));
        TreeMap<String, Long> perSocket = new TreeMap<>();
        Matcher socket = Pattern.compile("SOCKETID (\\d+)").matcher(logText);
        while (socket.find()) {
            perSocket.merge(socket.group(1), 1L, Long::sum);
        }
        for (var e : perSocket.entrySet()) {
            assertEquals(e.getValue(), figure(r.out(), "socket " + e.getKey()), "socket " + e.getKey());
        }
        assertEquals(count(logText, "exceeded threshold|exceed threshold"), figure(r.out(), "thresholds crossed"));
        assertEquals(count(logText, "(?m)^Running trigger `"), figure(r.out(), "triggers run"));
        assertTrue(figure(r.out(), "triggers run") > 0, "the DIMM trigger ran");

        // Per DIMM: the daemon's dump for this run. Its socket-wide object counts every memory record in the log
        // and, as mcelog's sockdb fallback does, the corrected errors a record's CMCI count (STATUS 52:38) says
        // were folded into it beyond the one reported.
        String dump = Files.readString(work.resolve("client.txt"));
        long memoryRecords = 0;
        long folded = 0;
        for (String record : logText.split("(?m)^Hardware event")) {
            Matcher status = Pattern.compile("STATUS ([0-9a-f]+) MCGSTATUS ").matcher(record);
            if (record.contains("\nMCA: MEMORY CONTROLLER") && status.find()) {
                memoryRecords++;
                long cmciCount = (Long.parseUnsignedLong(status.group(1), 16) >>> 38) & 0x7fff;
                folded += Math.max(0, cmciCount - 1);
            }
        }
        assertEquals(count(logText, "(?m)^MCA: MEMORY CONTROLLER"), memoryRecords);
        assertTrue(r.out().contains("SOCKET 0 CHANNEL any DIMM any") && r.out().matches(
                "(?s).*SOCKET 0 CHANNEL any DIMM any\\s+" + (memoryRecords + folded) + " / 0\n.*"),
                memoryRecords + " memory records, " + folded + " folded into their CMCI counts:\n" + r.out());
        Matcher dimm = Pattern.compile("(SOCKET \\d+ CHANNEL \\S+ DIMM \\S+)\n(?:DMI_NAME \"([^\"]*)\".*\n)?"
                + "corrected memory errors:\n\t(\\d+) total\n(?:\t.*\n)?uncorrected memory errors:\n\t(\\d+) total").matcher(dump);
        int shown = 0;
        while (dimm.find()) {
            long c = Long.parseLong(dimm.group(3));
            long u = Long.parseLong(dimm.group(4));
            if (c + u > 0) {
                String name = dimm.group(2) == null ? "" : dimm.group(2);
                assertTrue(r.out().matches("(?s).*\n\\s+" + Pattern.quote(dimm.group(1)) + "\\s+" + Pattern.quote(name)
                        + "\\s*" + c + " / " + u + "\n.*"), dimm.group(1) + " " + c + "/" + u + " in\n" + r.out());
                shown++;
            }
        }
        assertTrue(shown > 1, dump);

        // The history as a page: every DIMM of the summary with a channel is in its table, by socket and channel
        Path report = work.resolve("report.html");
        assertTrue(r.out().contains("report:             " + report + " "), r.out());
        String page = Files.readString(report);
        Matcher summaryDimm = Pattern.compile("(?m)^\\s+SOCKET (\\d+) CHANNEL (\\d+) DIMM (\\S+)\\s+(\\S*)\\s+\\d+ / \\d+$")
                .matcher(r.out());
        int onPage = 0;
        while (summaryDimm.find()) {
            assertTrue(page.contains("<tr><td>" + summaryDimm.group(1) + "</td><td>" + summaryDimm.group(2) + "</td><td>"),
                    summaryDimm.group() + " is not on the page " + report);
            assertTrue(page.contains(summaryDimm.group(4)), summaryDimm.group(4) + " is not on the page");
            onPage++;
        }
        assertTrue(onPage > 0, r.out());
        // the history's lines (each error on the DIMM whose DMI range holds its address): each DIMM's count
        // is its heat-map cell's, and together they are the log's memory records, one row each
        Matcher history = Pattern.compile("(?m)^\\s+(\\S+)\\s+socket \\d+, channel \\d+, DIMM \\S+: (\\d+) / (\\d+)$")
                .matcher(r.out());
        long inHistory = 0;
        while (history.find()) {
            long total = Long.parseLong(history.group(2)) + Long.parseLong(history.group(3));
            assertTrue(page.contains("data-dimm=\"" + history.group(1) + "\" data-count=\"" + total + "\""),
                    history.group() + " is not the page's cell");
            inHistory += total;
        }
        assertEquals(memoryRecords, inHistory, r.out());
        // the simulator's banks, addresses and DMI tables agree with mcelog's decoding: every generated
        // error's address is in a DIMM of the channel its bank names
        assertFalse(r.out().matches("(?s).*socket \\d+, channel \\d+, DIMM \\?:.*"), r.out());
        long offlined = count(dump, "(?m)^[0-9a-f]+: total \\d+ seen \"[^\"]*\" offline( triggered)?$");
        assertTrue(r.out().contains(", " + offlined + " offlined"), r.out());
        assertTrue(finalLines.get(0).endsWith(", " + offlined + " pages offlined"), finalLines.get(0));

        assertFalse(logText.contains("MCE buffer is overflowed"), "the faults begin when the daemon reads");
        assertTrue(r.out().contains("log overflows:      none"), r.out());
        assertTrue(r.out().contains("files:              " + work.toRealPath()), r.out());
        assertFalse(Files.exists(work.resolve("mcelog.pid")), "the daemon stopped cleanly");
        assertFalse(Files.exists(work.resolve("mce-sim.sock")), "the simulator stopped cleanly");
    }

    /**
     * A user who builds without root runs the demo as well: the simulator makes that user its
     * administrator and the daemon's client socket is theirs (the tree is a copy any user reaches).
     */
    @Test
    void aUserOtherThanRootRunsTheDemoToItsSummary() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(shared, "unix:uid", Integer.parseInt(InstalledCommands.NOBODY));
        Path work = shared.resolve("demo");
        Run r = run(List.of("setpriv", "--reuid=" + InstalledCommands.NOBODY, "--regid=" + InstalledCommands.NOBODY,
                "--clear-groups", TreeForAll.home().resolve("bin/mcelog-demo").toString()),
                "--duration", "3", "--dir", work.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals("", r.err());
        assertTrue(figure(r.out(), "records") > 0, r.out());
        assertTrue(r.out().contains("files:              " + work), r.out());
    }

    @Test
    void helpVersionAndUsageErrorsFollowTheConvention() throws Exception {
        Run help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("usage: mcelog-demo "), help.out());
        assertEquals("", help.err());

        Run version = run("--version");
        assertEquals(0, version.status(), version.err());
        assertTrue(version.out().startsWith("mcelog-demo "), version.out());
        assertTrue(version.out().contains("v208"), version.out());

        for (String[] bad : new String[][] {{"--bogus"}, {"--duration"}, {"--duration", "soon"}, {"--seed", "x"}}) {
            Run r = run(bad);
            assertEquals(1, r.status(), String.join(" ", bad));
            assertEquals("", r.out());
            List<String> err = r.err().lines().toList();
            assertEquals(2, err.size(), r.err());
            assertTrue(err.get(0).startsWith("mcelog-demo: ") && err.get(0).contains(bad[0]), r.err());
            assertEquals("Try 'mcelog-demo --help'.", err.get(1));
        }
    }

    private static long count(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().count();
    }

    /** A summary figure: {@code "  NAME:   N"}. */
    private static long figure(String out, String name) throws IOException {
        Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(name) + ":\\s+(\\d+)").matcher(out);
        assertTrue(m.find(), name + " in\n" + out);
        return Long.parseLong(m.group(1));
    }
}
