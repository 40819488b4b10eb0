package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mcelogjava.it.InstalledCommands.read;
import static org.mcelogjava.it.InstalledCommands.waitUntil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed daemon reading a real device file with the system calls (issue 17): the simulator's
 * {@code DIR/dev/mcelog} served by {@code mce-sim run --mount DIR}, and the stock {@code /dev/mcelog}
 * inside {@code mce-sim sandbox}. Its log is the one the daemon writes over the simulator's socket
 * for the same records (TIME lines aside), including mcelog's overflow warning when the kernel's
 * 32-record log filled before the daemon read it, and its page offlines reach the simulator through
 * the machine's {@code soft_offline_page} file. Its history holds every record it read, without an
 * identity (a file's read clears the records: nothing comes back to be recognised), where the
 * socket's holds them under the simulator's boot id and numbers. Needs root, /dev/fuse, Debian's libfuse2 and fuse3;
 * the mounts are removed even when the test fails.
 */
class CharacterDeviceIT {

    /** More corrected memory errors than the kernel's log holds (MCE_LOG_LEN 32), each on a page of its own. */
    private static final int BURST = 40;
    private static final int LOG_LEN = 32;
    private static final String CONF = "[server]\nsocket-path =\n"
            + "[page]\nmemory-ce-threshold = 1 / 24h\nmemory-ce-action = soft\n";

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        started.forEach(Process::destroyForcibly);
        for (Process p : started) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        for (Path m : mounts) {
            if (mounted(m)) {
                new ProcessBuilder("fusermount", "-u", "-z", m.toString()).inheritIO().start().waitFor();
            }
        }
    }

    @Test
    void theDaemonOnTheMountedDeviceLogsWhatItLogsOverTheSocketAndOfflinesThroughTheMountsSysfs() throws Exception {
        Path burst = Files.writeString(dir.resolve("burst.inject"), records(1, BURST));
        List<Path> later = List.of(Files.writeString(dir.resolve("later1.inject"), records(BURST + 1, 1)),
                Files.writeString(dir.resolve("later2.inject"), records(BURST + 2, 1)));

        Path mount = dir.resolve("machine");
        Path fileSim = startSimulator("file", mount);
        Path socketSim = startSimulator("socket", null);

        String overFile = daemonLog("file", fileSim, mount.resolve("dev/mcelog").toString(), burst, later);
        String overSocket = daemonLog("socket", socketSim, socketSim.toString(), burst, later);

        assertTrue(overFile.startsWith("mcelog: Warning: MCE buffer is overflowed.\nOfflining page 12341000\n"), overFile);
        assertEquals(LOG_LEN + 2, overFile.lines().filter(l -> l.startsWith("Offlining page ")).count(), overFile);
        assertEquals(withoutTime(overSocket), withoutTime(overFile));
        int read = LOG_LEN + later.size();
        assertEquals(read + " records, 0 with an identity", history("file"), "the file daemon's history");
        assertEquals(read + " records, " + read + " with an identity", history("socket"), "the socket daemon's history");

        // the daemon's soft offline of the first page reached the simulator: offlining it again finds it poisoned
        Files.writeString(mount.resolve("sys/devices/system/memory/soft_offline_page"), "0x12341000");
        InstalledCommands commands = new InstalledCommands(dir);
        InstalledCommands.Result dmesg = commands.run("mce-sim", "dmesg", "--socket", fileSim.toString());
        assertTrue(dmesg.out().contains("soft offline: 0x12341: page already poisoned"), dmesg.toString());
    }

    @Test
    void inTheSandboxTheDaemonReadsTheStockPaths() throws Exception {
        Path conf = Files.writeString(dir.resolve("mcelog.conf"), CONF);
        Path mount = dir.resolve("machine");
        Path sim = startSimulator("sim", mount);
        Path log = dir.resolve("mcelog.log");
        Path pid = dir.resolve("mcelog.pid");
        InstalledCommands commands = new InstalledCommands(Files.createDirectories(dir.resolve("sandbox")));
        Process daemon = commands.start(Map.of(), false, "mce-sim", "sandbox", "--mount", mount.toString(), "--",
                InstalledCommands.HOME.resolve("bin/mcelog").toString(), "--daemon", "--foreground",
                "--config-file", conf.toString(), "--logfile", log.toString(), "--pidfile", pid.toString(),
                "/dev/mcelog");
        started.add(daemon);
        waitUntil(() -> Files.exists(pid), 60, () -> "no pidfile: " + commands.err());

        InstalledCommands.Result inject = new InstalledCommands(dir).run("mce-inject", "--socket", sim.toString(),
                InstalledCommands.HOME.resolve("examples/corrected-dimm.inject").toString());
        assertEquals(0, inject.status(), inject.toString());
        waitUntil(() -> read(log).contains("Offlining page 1a2b3c000\n") && read(log).endsWith("Step 4\n"), 60,
                () -> read(log) + commands.err());
        String text = read(log);
        assertTrue(text.contains("MCA: MEMORY CONTROLLER RD_CHANNEL1_ERR\n"), text);
        assertTrue(text.contains("CPUID Vendor Intel Family 6 Model 85"), text);

        Files.writeString(mount.resolve("sys/devices/system/memory/soft_offline_page"), "0x1a2b3c000");
        InstalledCommands.Result dmesg = new InstalledCommands(dir).run("mce-sim", "dmesg", "--socket", sim.toString());
        assertTrue(dmesg.out().contains("soft offline: 0x1a2b3c: page already poisoned"), dmesg.toString());

        assertEquals(0, new ProcessBuilder("kill", "-TERM", Files.readString(pid).strip()).start().waitFor());
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon did not stop");
        assertEquals(0, daemon.exitValue(), commands.err());
        assertEquals("", commands.err(), "no warning: /proc/cpuinfo, DMI and sysfs were the simulator's");
    }

    /** Starts {@code mce-sim run} (with a mount when {@code mount} is given); returns its socket once it serves. */
    private Path startSimulator(String name, Path mount) throws IOException {
        Path socket = dir.resolve(name + ".sock");
        InstalledCommands sim = new InstalledCommands(Files.createDirectories(dir.resolve(name + "-sim")));
        List<String> argv = new ArrayList<>(List.of("mce-sim", "run", "--socket", socket.toString(), "--cpus", "4"));
        if (mount != null) {
            argv.addAll(List.of("--mount", mount.toString()));
            mounts.add(mount);
        }
        started.add(sim.start(Map.of(), false, argv.toArray(String[]::new)));
        waitUntil(() -> Files.exists(socket) && (mount == null || Files.exists(mount.resolve("dev/mcelog"))), 60,
                () -> "mce-sim run " + name + ": " + sim.err());
        return socket;
    }

    /**
     * Fills the kernel's log with {@code burst} before the daemon starts on {@code device} (with
     * {@link #CONF} and the history {@code NAME.db}), injects each of {@code later} while it sleeps
     * in poll, stops it with SIGTERM; returns its log.
     */
    private String daemonLog(String name, Path sim, String device, Path burst, List<Path> later)
            throws Exception {
        Path conf = Files.writeString(dir.resolve(name + ".conf"),
                CONF + "[history]\ndatabase = " + dir.resolve(name + ".db") + "\n");
        InstalledCommands commands = new InstalledCommands(Files.createDirectories(dir.resolve(name)));
        InstalledCommands.Result first = commands.run("mce-inject", "--socket", sim.toString(), burst.toString());
        assertEquals(0, first.status(), first.toString());
        Path log = dir.resolve(name + ".log");
        Path pid = dir.resolve(name + ".pid");
        Process daemon = commands.start(Map.of(), false, "mcelog", "--daemon", "--foreground", "--config-file",
                conf.toString(), "--logfile", log.toString(), "--pidfile", pid.toString(), device);
        started.add(daemon);
        waitUntil(() -> offlined(log) == LOG_LEN && read(log).endsWith("Step 4\n"), 60,
                () -> name + ": " + read(log) + commands.err());
        for (int i = 0; i < later.size(); i++) { // one at a time: each wakes the daemon's poll, each its own batch
            InstalledCommands.Result next = commands.run("mce-inject", "--socket", sim.toString(),
                    later.get(i).toString());
            assertEquals(0, next.status(), next.toString());
            long expected = LOG_LEN + i + 1;
            waitUntil(() -> offlined(log) == expected && read(log).endsWith("Step 4\n"), 60,
                    () -> name + ": " + read(log));
        }
        daemon.destroy(); // SIGTERM
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), name + ": the daemon did not stop");
        assertEquals(0, daemon.exitValue(), name + ": " + read(log));
        return read(log);
    }

    /** The history {@code NAME.db}'s records: how many, and how many carry an identity. */
    private String history(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name + ".db"));
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), count(boot_id) FROM mce_record")) {
            assertTrue(r.next());
            return r.getLong(1) + " records, " + r.getLong(2) + " with an identity";
        }
    }

    private static long offlined(Path log) {
        return read(log).lines().filter(l -> l.startsWith("Offlining page ")).count();
    }

    /** {@code count} corrected memory read errors, on pages {@code first}, {@code first + 1}, ... of 0x12340000. */
    private static String records(int first, int count) {
        StringBuilder b = new StringBuilder();
        for (int page = first; page < first + count; page++) {
            b.append("CPU 0 BANK 13\nSTATUS 0x9c00000000000090\nMISC 0x8c\nADDR 0x")
                    .append(Long.toHexString(0x12340000L + page * 0x1000L)).append("\n\n");
        }
        return b.toString();
    }

    private static String withoutTime(String log) {
        return log.lines().filter(l -> !l.startsWith("TIME ")).collect(Collectors.joining("\n"));
    }

    private static boolean mounted(Path dir) throws IOException {
        String wanted = " " + dir + " ";
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .anyMatch(l -> l.contains(wanted) && l.contains(" - fuse"));
    }
}
