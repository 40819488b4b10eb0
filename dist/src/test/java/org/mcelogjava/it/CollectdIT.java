package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.protocol.testing.Await;

/**
 * The real collectd reads the daemon's client socket as it reads mcelog's: Debian 12's
 * {@code collectd-core} ({@code collectd -h}: "collectd 5.12.0.git"; package 5.12.0-14) with its
 * {@code mcelog} plugin in memory mode ({@code <Memory> McelogClientSocket}) and the {@code csv}
 * writer, against {@code bin/mcelog --daemon} with the shipped {@code conf/mcelog.conf} (only the
 * client socket's path moved into the test directory), fed by {@code bin/mce-sim run} and
 * {@code bin/mce-inject}. collectd must write, per DIMM object of the daemon's dump, the values the
 * daemon counted ({@code bin/mcelog --client} for the same run), which are the errors injected.
 *
 * <p>The plugin's contract (collectd {@code src/mcelog.c}, unchanged from 5.12.0 to its master):
 * <ul>
 * <li>{@code mcelog_read} sends {@code "dump all bios\n"} with its NUL ({@code sizeof}, 15 bytes)
 *     every interval on one connection that stays open; {@code poll_worker} / {@code socket_receive}
 *     read whatever has arrived, through {@code fgets} on a non-blocking socket (a 4 KiB stdio
 *     buffer), so a reply must arrive whole;</li>
 * <li>{@code parse_memory_info} ends an object at an empty line or {@code done}; takes the location
 *     from a line starting {@code SOCKET} (spaces become {@code _}), the name between the first
 *     quotes of {@code DMI_NAME}, and after {@code corrected memory errors} /
 *     {@code uncorrected memory errors} reads exactly two lines, {@code "\t%d total"} and
 *     {@code "\t%d in %s"}. mcelog prints the {@code in 24h} line only for a configured threshold
 *     ({@code [dimm] ce-/uc-error-threshold}, {@code [socket] mem-ce-/mem-uc-error-threshold}); without
 *     one the plugin takes the next line (the empty line, or {@code done} at the end) as that
 *     count, so objects merge and the last one never ends: no values at all. That is what a by-hand
 *     try with a minimal configuration saw; mcelog and this daemon behave alike there, and the
 *     shipped configuration sets every threshold, as mcelog's does;</li>
 * <li>{@code mcelog_submit} dispatches four values per object, type {@code errors}, plugin instance
 *     {@code LOCATION[_DMINAME]}, type instances {@code corrected_memory_errors},
 *     {@code corrected_memory_errors_in_24h}, {@code uncorrected_memory_errors},
 *     {@code uncorrected_memory_errors_in_24h}; {@code mcelog_dispatch_mem_notifications} raises a
 *     notification when an object's counts change (WARNING corrected, FAILURE uncorrected).</li>
 * </ul>
 *
 * <p>The simulated machine is one Sapphire Rapids socket (10 memory channels of which 8 have two
 * DIMMs in the firmware's tables): with errors on every channel the dump has 27 objects and is larger
 * than 4 KiB, beyond one read of the plugin's stdio buffer. collectd polls every 0.1 s, inside the
 * daemon's 200 ms wait for the rest of an unfinished line: were the plugin's NUL taken as the start
 * of a line, every request after the first would be glued to it and answered "Unknown command", and
 * the errors injected while collectd runs would never reach its files.
 *
 * <p>collectd-core is a test prerequisite; without {@code /usr/sbin/collectd} this test fails and
 * says which package to install.
 */
class CollectdIT {

    private static final Path HOME = RunningTree.HOME;
    private static final Path COLLECTD = Path.of("/usr/sbin/collectd");
    private static final Path COLLECTD_PLUGINS = Path.of("/usr/lib/collectd");
    private static final Path TYPES_DB = Path.of("/usr/share/collectd/types.db");
    private static final String HOST = "collectd-it";
    private static final String SHIPPED_CLIENT_SOCKET = "/run/mcelog/client";
    /** Sapphire Rapids' memory-controller banks in channel order ({@code MemoryErrorSite}). */
    private static final int[] CHANNEL_BANKS = {13, 14, 15, 16, 17, 18, 19, 20, 30, 31};
    private static final List<String> TYPE_INSTANCES = List.of("corrected_memory_errors",
            "corrected_memory_errors_in_24h", "uncorrected_memory_errors", "uncorrected_memory_errors_in_24h");
    private static final long BOUND_SECONDS = 60;

    @TempDir
    Path dir;

    private int page;

    @Test
    void collectdWritesPerDimmWhatTheDaemonCounted() throws Exception {
        for (Path p : List.of(COLLECTD, COLLECTD_PLUGINS.resolve("mcelog.so"), COLLECTD_PLUGINS.resolve("csv.so"), TYPES_DB)) {
            assertTrue(Files.exists(p), p + " is missing: install Debian's collectd-core"
                    + " (apt-get install --no-install-recommends collectd-core)");
        }
        Path sock = dir.resolve("mce-sim.sock");
        Path client = dir.resolve("mcelog-client");
        Path conf = dir.resolve("mcelog.conf");
        String shipped = Files.readString(HOME.resolve("conf/mcelog.conf"));
        assertTrue(shipped.contains("\nsocket-path = " + SHIPPED_CLIENT_SOCKET + "\n"), shipped);
        Files.writeString(conf, shipped.replace(SHIPPED_CLIENT_SOCKET, client.toString()));

        try (RunningTree tree = new RunningTree(dir, Duration.ofSeconds(BOUND_SECONDS))) {
            Process sim = tree.simulator(sock, "--cpu-model", "spr");
            Process daemon = tree.daemon(sock, conf, client);

            // Channel c gets c % 3 + 1 corrected errors, and channel 5 one uncorrected error (UCNA).
            int[] corrected = new int[CHANNEL_BANKS.length];
            StringBuilder first = new StringBuilder();
            for (int c = 0; c < CHANNEL_BANKS.length; c++) {
                for (int i = 0; i <= c % 3; i++) {
                    first.append(correctedError(c));
                    corrected[c]++;
                }
            }
            first.append(uncorrectedError(5));
            tree.inject(sock, first.toString());
            Map<String, List<Long>> counted = awaitDump(conf, corrected, 1);
            assertTrue(Files.size(dir.resolve("dump.txt")) > 4096, "a reply beyond one 4 KiB read");
            assertEquals(1 + 10 + 16, counted.size(), "objects: the socket, 10 channels, 16 named DIMMs; " + counted);
            for (var e : counted.entrySet()) {
                if (e.getKey().matches("SOCKET_0_CHANNEL_\\d_DIMM_\\d_CPU0_DIMM_\\w+")) {
                    assertEquals(List.of(0L, 0L, 0L, 0L), e.getValue(), "Sapphire Rapids errors name no DIMM: " + e);
                }
            }

            Process collectd = tree.start("collectd", new ProcessBuilder(COLLECTD.toString(), "-f", "-C",
                    collectdConf(client).toString()));
            awaitCsv(counted, collectd);

            // While collectd polls, more errors: only a dump answered after this reaches the files.
            StringBuilder second = new StringBuilder();
            for (int c : new int[] {0, 4, 9}) {
                second.append(correctedError(c));
                corrected[c]++;
            }
            tree.inject(sock, second.toString());
            counted = awaitDump(conf, corrected, 1);
            awaitCsv(counted, collectd);

            String log = Files.readString(dir.resolve("collectd.log"));
            for (int c = 0; c < CHANNEL_BANKS.length; c++) {
                assertTrue(log.contains("severity = WARNING, host = " + HOST + ", plugin = mcelog, plugin_instance = SOCKET_0_CHANNEL_"
                        + c + "_DIMM_any, type = errors, type_instance = corrected_memory_errors, message = corrected memory errors"),
                        "collectd's notification for channel " + c + "\n" + log);
            }
            assertTrue(log.contains("severity = FAILURE, host = " + HOST + ", plugin = mcelog, plugin_instance = SOCKET_0_CHANNEL_5"
                    + "_DIMM_any, type = errors, type_instance = uncorrected_memory_errors"), log);

            collectd.destroy();
            assertTrue(collectd.waitFor(BOUND_SECONDS, TimeUnit.SECONDS), "collectd stops on SIGTERM");
            assertEquals(0, collectd.exitValue(), log);
            tree.stop(daemon);
            tree.stop(sim);
        }
    }

    /** A corrected memory read error on {@code channel}, each on its own page (no page threshold). */
    private String correctedError(int channel) {
        return "CPU 1 BANK " + CHANNEL_BANKS[channel] + "\nSTATUS 0x9c00000000000091\nMISC 0x8c\nADDR 0x"
                + Long.toHexString(0x40000000L + (long) ++page * 0x1000) + "\n";
    }

    /**
     * An uncorrected, unsignalled memory read error (UCNA: UC, no PCC, S or AR) on {@code channel},
     * found by the poll ({@code POLL}) as a UCNA is, not raised as a machine check.
     */
    private String uncorrectedError(int channel) {
        return "CPU 2 BANK " + CHANNEL_BANKS[channel] + "\nSTATUS 0xbc00000000000091\nMISC 0x8c\nADDR 0x"
                + Long.toHexString(0x40000000L + (long) ++page * 0x1000) + "\nPOLL\n";
    }

    /**
     * The daemon's dump ({@code bin/mcelog --client}, saved as dump.txt) once its channel objects show
     * {@code corrected} and channel 5 {@code uncorrected} errors; keyed like collectd's plugin instances.
     */
    private Map<String, List<Long>> awaitDump(Path conf, int[] corrected, long uncorrected) throws Exception {
        AtomicReference<Map<String, List<Long>>> counted = new AtomicReference<>(Map.of());
        Await.until(() -> {
            Process p = new ProcessBuilder(HOME.resolve("bin/mcelog").toString(), "--client", "--config-file", conf.toString())
                    .redirectOutput(dir.resolve("dump.txt").toFile()).redirectError(dir.resolve("client.err").toFile()).start();
            assertEquals(0, p.waitFor(), Files.readString(dir.resolve("client.err")));
            String text = Files.readString(dir.resolve("dump.txt"), StandardCharsets.ISO_8859_1);
            counted.set(dumpObjects(text.substring(0, Math.max(0, text.indexOf("Per page corrected memory statistics:")))));
            return channelsShow(counted.get(), corrected, uncorrected);
        }, Duration.ofSeconds(BOUND_SECONDS), Duration.ofMillis(100), // each look starts a client JVM
                "the daemon to count the injected errors", () -> "counted: " + counted.get());
        return counted.get();
    }

    private static boolean channelsShow(Map<String, List<Long>> counted, int[] corrected, long uncorrected) {
        long total = 0;
        for (int c = 0; c < corrected.length; c++) {
            List<Long> v = counted.get("SOCKET_0_CHANNEL_" + c + "_DIMM_any");
            long uc = c == 5 ? uncorrected : 0;
            if (!List.of((long) corrected[c], (long) corrected[c], uc, uc).equals(v)) {
                return false;
            }
            total += corrected[c];
        }
        return List.of(total, total, uncorrected, uncorrected).equals(counted.get("SOCKET_0_CHANNEL_any_DIMM_any"));
    }

    private static final Pattern OBJECT = Pattern.compile("(SOCKET [^\n]*)\n(?:DMI_NAME \"([^\"]*)\"[^\n]*\n)?"
            + "corrected memory errors:\n\t(\\d+) total\n\t(\\d+) in 24h\n"
            + "uncorrected memory errors:\n\t(\\d+) total\n\t(\\d+) in 24h\n");

    /** mcelog's dump as plugin instance ({@code LOCATION[_DMINAME]}) to the four counts, in type-instance order. */
    private static Map<String, List<Long>> dumpObjects(String dump) {
        Map<String, List<Long>> objects = new TreeMap<>();
        for (String block : dump.split("\n\n")) {
            if (!block.contains("SOCKET ")) {
                continue;
            }
            Matcher m = OBJECT.matcher(block.substring(block.indexOf("SOCKET ")).strip() + "\n");
            assertTrue(m.matches(), "a dump object with every count:\n" + block);
            String name = m.group(1).replace(' ', '_') + (m.group(2) == null ? "" : "_" + m.group(2));
            objects.put(name, List.of(Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5)), Long.parseLong(m.group(6))));
        }
        return objects;
    }

    /** Waits until collectd's csv files hold, per plugin instance, the latest values equal to {@code counted}. */
    private void awaitCsv(Map<String, List<Long>> counted, Process collectd) throws Exception {
        Path host = dir.resolve("csv").resolve(HOST);
        try {
            Await.until(() -> {
                assertTrue(collectd.isAlive(), "collectd exited");
                return csvValues(host).equals(counted);
            }, Duration.ofSeconds(BOUND_SECONDS), Duration.ofMillis(100), "collectd's csv values", () -> "");
        } catch (AssertionError notYet) {
            assertEquals(counted, csvValues(host), "collectd's csv values (collectd alive: " + collectd.isAlive() + ")\n"
                    + Files.readString(dir.resolve("collectd.log")) + "\n" + notYet.getMessage());
            throw notYet;
        }
    }

    private static Map<String, List<Long>> csvValues(Path host) throws IOException {
        Map<String, List<Long>> values = new TreeMap<>();
        if (!Files.isDirectory(host)) {
            return values;
        }
        try (Stream<Path> instances = Files.list(host)) {
            for (Path instance : instances.toList()) {
                String name = instance.getFileName().toString();
                if (!name.startsWith("mcelog-")) {
                    continue;
                }
                List<Long> v = new ArrayList<>();
                for (String typeInstance : TYPE_INSTANCES) {
                    latestValue(instance, typeInstance).ifPresent(v::add);
                }
                values.put(name.substring("mcelog-".length()), v);
            }
        }
        return values;
    }

    /** The last value of the newest {@code errors-TYPEINSTANCE-DATE} file ({@code epoch,value} lines). */
    private static Optional<Long> latestValue(Path instance, String typeInstance) throws IOException {
        Pattern file = Pattern.compile("errors-" + Pattern.quote(typeInstance) + "-\\d{4}-\\d\\d-\\d\\d");
        Optional<Path> newest;
        try (Stream<Path> files = Files.list(instance)) {
            newest = files.filter(f -> file.matcher(f.getFileName().toString()).matches()).max(Comparator.naturalOrder());
        }
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(newest.get());
        for (int i = lines.size() - 1; i > 0; i--) {
            Matcher m = Pattern.compile("\\d+\\.\\d+,(\\d+)").matcher(lines.get(i));
            if (m.matches()) {
                return Optional.of(Long.parseLong(m.group(1)));
            }
        }
        return Optional.empty();
    }

    /** collectd in the foreground: every path in the test directory, mcelog + csv, polling every 0.1 s. */
    private Path collectdConf(Path client) throws IOException {
        Path conf = dir.resolve("collectd.conf");
        Files.writeString(conf, String.join("\n",
                "Hostname \"" + HOST + "\"",
                "FQDNLookup false",
                "BaseDir \"" + dir.resolve("collectd") + "\"",
                "PIDFile \"" + dir.resolve("collectd.pid") + "\"",
                "PluginDir \"" + COLLECTD_PLUGINS + "\"",
                "TypesDB \"" + TYPES_DB + "\"",
                "Interval 0.1",
                "LoadPlugin logfile",
                "<Plugin logfile>",
                "  LogLevel info",
                "  File \"" + dir.resolve("collectd.log") + "\"",
                "  PrintSeverity true",
                "</Plugin>",
                "LoadPlugin mcelog",
                "<Plugin mcelog>",
                "  <Memory>",
                "    McelogClientSocket \"" + client + "\"",
                "    PersistentNotification false",
                "  </Memory>",
                "</Plugin>",
                "LoadPlugin csv",
                "<Plugin csv>",
                "  DataDir \"" + dir.resolve("csv") + "\"",
                "  StoreRates false",
                "</Plugin>",
                ""));
        Files.createDirectories(dir.resolve("collectd"));
        return conf;
    }
}
