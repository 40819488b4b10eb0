package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.protocol.testing.Await;

/**
 * The units as install.sh installs them, run as systemd runs them: the test installs the tree
 * into a scratch root with the real installer ({@code install.sh --destdir ROOT}, default prefix),
 * reads each installed unit file ({@link UnitFile}), and runs its {@code ExecStartPre=},
 * {@code ExecStart=}, {@code ExecReload=} and stop ({@code ExecStop=} if any, then
 * {@code KillSignal=} to the main process) word for word, through the real {@code jsvc}, with the
 * environment systemd gives them ({@code EnvironmentFile=}, {@code Environment=}, {@code MAINPID},
 * systemd's PATH, working directory /). The simulator and the daemon start, records injected with
 * the installed {@code bin/mce-inject} reach the log and {@code mcelog --client}, reload reopens
 * the log after it is moved away, and stop ends each jsvc with status 0 and its files removed.
 *
 * <p>What is substituted, and why nothing else: the places the installation and the units own on
 * the host, so that the test neither needs nor touches the machine's /opt, /etc and /run (and
 * parallel builds cannot collide): the prefix {@code /opt/mcelog-java} and every
 * {@code EnvironmentFile=} (where install.sh wrote them, under the scratch root), and every
 * {@code RuntimeDirectory=} under /run, {@code LogsDirectory=} under /var/log and
 * {@code StateDirectory=} under /var/lib (created under the scratch root, with their modes, as
 * systemd creates them). ROOT is put in front of those paths,
 * in the units' command lines and in the installed conf/ files that name them (mcelog.conf's
 * {@code socket-path}). The host's tools the units run (/usr/bin/jsvc, /bin/sh, /bin/kill) and
 * the JAVA_HOME that install.sh found stay as written: every other absolute path in a command must
 * be under /usr or /bin, or the test fails rather than touch the host.
 */
class InstalledUnitsIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();
    private static final String PREFIX = "/opt/mcelog-java";
    /** The units, mcelog.service after mce-sim.service as its After= and Requires= say; then the one for hardware. */
    private static final List<String> UNITS = List.of("mce-sim.service", "mcelog.service", "mcelog-hw.service");
    /**
     * The machine's own paths a unit names (mcelog-hw.service): the kernel provides them, not the
     * installation or systemd; the test runs that unit inside {@code mce-sim sandbox}, where they
     * are the simulator's.
     */
    private static final Set<String> MACHINE_PATHS = Set.of("/dev/mcelog", "/sys/devices/system/memory");
    /** systemd's PATH for services (systemd.exec(5), "Environment variables in spawned processes"). */
    private static final String SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin";

    @TempDir
    Path root;
    @TempDir
    Path out;
    private final List<Process> started = new ArrayList<>();
    private final Map<String, UnitFile> units = new LinkedHashMap<>();
    private final Set<String> moved = new LinkedHashSet<>();

    @BeforeEach
    void install() throws Exception {
        for (String tool : List.of("/usr/bin/jsvc", "/usr/bin/systemd-analyze")) {
            assertTrue(Files.isExecutable(Path.of(tool)), tool + " is missing (Debian packages jsvc and systemd): "
                    + "the units run the one and are checked with the other");
        }
        ProcessBuilder pb = new ProcessBuilder(HOME.resolve("install.sh").toString(), "--destdir", root.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), text);
        System.out.print("$ install.sh --destdir " + root + "\n" + text);
        moved.add(PREFIX);
        for (String name : UNITS) {
            UnitFile unit = UnitFile.read(root.resolve("etc/systemd/system/" + name));
            units.put(name, unit);
            moved.addAll(environmentFiles(unit));
            unit.words("Service.RuntimeDirectory").forEach(d -> moved.add("/run/" + d));
            unit.words("Service.LogsDirectory").forEach(d -> moved.add("/var/log/" + d));
            unit.words("Service.StateDirectory").forEach(d -> moved.add("/var/lib/" + d));
        }
    }

    /**
     * Stops what a failed test left running: jsvc's JVM child too, which a killed jsvc would leave to
     * init, and the marker jsvc's child keeps in /tmp while it runs.
     */
    @AfterEach
    void stop() throws InterruptedException, IOException {
        for (Process p : started) {
            for (ProcessHandle child : p.descendants().toList()) {
                child.destroyForcibly();
                child.onExit().join();
                Files.deleteIfExists(Path.of("/tmp", child.pid() + ".jsvc_up"));
            }
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void bothUnitsStartServeReloadAndStopAsInstalled() throws Exception {
        for (Path conf : list(under(PREFIX + "/conf"))) {
            Files.writeString(conf, move(Files.readString(conf)));
        }
        Path mcelogConf = under(PREFIX + "/conf/mcelog.conf"); // with the history the unit's comment names
        Files.writeString(mcelogConf, Files.readString(mcelogConf).replaceFirst("(?m)^# (database = )", "$1"));
        Path simSocket = under("/run/mce-sim/mcelog");
        Path log = under("/var/log/mcelog-java/mcelog");

        Process sim = start("mce-sim.service");
        waitUntil(() -> Files.exists(simSocket), sim, "mce-sim.service");
        Process daemon = start("mcelog.service");
        waitUntil(() -> Files.exists(under("/run/mcelog/mcelog.pid")) && Files.exists(under("/run/mcelog/client")),
                daemon, "mcelog.service");

        inject(simSocket);
        waitUntil(() -> TaggedRecords.count(log) == 2, daemon, "mcelog.service");
        Process query = new ProcessBuilder(under(PREFIX + "/bin/mcelog").toString(), "--client", "--config-file",
                under(PREFIX + "/conf/mcelog.conf").toString()).redirectErrorStream(true).start();
        String answer = new String(query.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, query.waitFor(), answer);
        assertTrue(answer.contains("corrected memory errors:\n\t2 total"), "--client: " + answer);
        Path nativeLibraries = under(PREFIX + "/lib/native/linux-x86_64").toRealPath();
        assertEquals(List.of("libnetty_transport_native_epoll_x86_64.so", "libsqlitejdbc.so"),
                NativeLibrariesIT.mappedFrom(daemon.toHandle(), nativeLibraries),
                "mcelog.service's JVM (Netty, the history) loads the tree's native libraries");
        assertEquals(List.of("libnetty_transport_native_epoll_x86_64.so"),
                NativeLibrariesIT.mappedFrom(sim.toHandle(), nativeLibraries),
                "mce-sim.service's JVM loads the tree's native libraries");

        Files.move(log, log.resolveSibling("mcelog.1"));
        for (List<String> reload : commands("mcelog.service", "ExecReload", daemon.pid())) {
            assertEquals(0, finish(exec(reload, "mcelog.service", daemon.pid(), "reload")), err("reload"));
        }
        waitUntil(() -> Files.exists(log), daemon, "mcelog.service");
        inject(simSocket);
        waitUntil(() -> TaggedRecords.count(log) == 2, daemon, "mcelog.service");
        assertEquals(2, TaggedRecords.count(log.resolveSibling("mcelog.1")));

        stopUnit("mcelog.service", daemon);
        stopUnit("mce-sim.service", sim);
        for (String gone : List.of("/run/mcelog/jsvc.pid", "/run/mcelog/mcelog.pid", "/run/mcelog/client",
                "/run/mce-sim/jsvc.pid", "/run/mce-sim/mcelog")) {
            assertFalse(Files.exists(under(gone)), gone + " is left behind");
        }
    }

    /**
     * mcelog-hw.service's ExecStart=, word for word, inside {@code mce-sim sandbox}: the stock
     * /dev/mcelog, /proc/cpuinfo and /sys there are the simulator's mounted machine (issue 17).
     */
    @Test
    void theHardwareUnitReadsTheMachinesDevMcelog() throws Exception {
        for (Path conf : list(under(PREFIX + "/conf"))) {
            Files.writeString(conf, move(Files.readString(conf)));
        }
        Path mount = out.resolve("machine");
        Path simSocket = out.resolve("mce-sim.sock");
        Process sim = new ProcessBuilder(under(PREFIX + "/bin/mce-sim").toString(), "run", "--socket",
                simSocket.toString(), "--mount", mount.toString())
                .redirectOutput(out.resolve("sim.out").toFile()).redirectError(out.resolve("sim.err").toFile()).start();
        started.add(sim);
        try {
            waitUntil(() -> Files.exists(mount.resolve("dev/mcelog")), sim, "sim");
            Path log = under("/var/log/mcelog-java/mcelog");
            Process daemon = start("mcelog-hw.service", List.of(under(PREFIX + "/bin/mce-sim").toString(), "sandbox",
                    "--mount", mount.toString(), "--"));
            waitUntil(() -> Files.exists(under("/run/mcelog/mcelog.pid")), daemon, "mcelog-hw.service");
            inject(simSocket);
            waitUntil(() -> TaggedRecords.count(log) == 2, daemon, "mcelog-hw.service");
            assertTrue(Files.readString(log).contains("CPUID Vendor Intel Family 6 Model 85"), Files.readString(log));
            // systemd's MAINPID is jsvc, which unshare and sh exec: the sandbox's child; the sandbox ends with its status
            long mainPid = daemon.children().findFirst().orElseThrow().pid();
            assertEquals(0, new ProcessBuilder("/bin/kill", "-s", "TERM", Long.toString(mainPid)).start().waitFor());
            long timeout = Long.parseLong(units.get("mcelog-hw.service").value("Service.TimeoutStopSec", "90"));
            assertTrue(daemon.waitFor(timeout, TimeUnit.SECONDS), "mcelog-hw.service still runs after TimeoutStopSec=");
            assertEquals(0, daemon.exitValue(), err("mcelog-hw.service.main"));
            assertEquals("", err("mcelog-hw.service.main"), "no warning: cpuinfo, DMI and sysfs were the simulator's");
        } finally {
            sim.destroy();
            sim.waitFor(30, TimeUnit.SECONDS);
            if (Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(" " + mount + " "))) {
                new ProcessBuilder("fusermount", "-u", "-z", mount.toString()).inheritIO().start().waitFor();
            }
        }
    }

    @Test
    void aUnitWhoseJavaIsGoneSaysWhichFileToFix() throws Exception {
        Path environment = under("/etc/default/mcelog-java");
        Path gone = root.resolve("usr/lib/jvm/removed-jdk");
        Files.writeString(environment, "JAVA_HOME=" + gone + "\n");
        for (String name : UNITS) {
            assertEquals(1, startPre(name), name);
            assertEquals("JAVA_HOME=" + gone + " from " + environment
                    + " has no bin/java: run install.sh again or edit that file\n", err(name + ".pre"));
        }
        Files.writeString(environment, "# JAVA_HOME removed\n");
        for (String name : UNITS) {
            assertEquals(1, startPre(name), name);
            assertEquals("JAVA_HOME is not set in " + environment + ": run install.sh again or edit that file\n",
                    err(name + ".pre"));
        }
    }

    @Test
    void everyPathTheUnitsNameIsInstalledOrMadeBySystemd() throws Exception {
        Set<String> madeBySystemd = new LinkedHashSet<>();
        for (UnitFile unit : units.values()) {
            unit.words("Service.RuntimeDirectory").forEach(d -> madeBySystemd.add("/run/" + d));
            unit.words("Service.LogsDirectory").forEach(d -> madeBySystemd.add("/var/log/" + d));
            unit.words("Service.StateDirectory").forEach(d -> madeBySystemd.add("/var/lib/" + d));
        }
        for (Map.Entry<String, UnitFile> e : units.entrySet()) {
            UnitFile unit = e.getValue();
            for (String doc : unit.words("Unit.Documentation")) {
                assertTrue(doc.startsWith("file://"), e.getKey() + ": documentation outside the installation: " + doc);
                assertTrue(Files.isRegularFile(under(doc.substring("file://".length()))), e.getKey() + ": " + doc);
            }
            for (String file : environmentFiles(unit)) {
                assertTrue(Files.isRegularFile(under(file)), e.getKey() + ": " + file);
            }
            for (String path : unit.words("Service.ReadWritePaths")) {
                assertTrue(madeBySystemd.contains(path) || MACHINE_PATHS.contains(path), e.getKey() + ": ReadWritePaths=" + path
                        + " is no unit's RuntimeDirectory=, LogsDirectory= or StateDirectory=, so nothing creates it");
            }
            for (String assignments : unit.values("Service.Environment")) {
                for (String value : UnitFile.assignments(assignments).values()) {
                    for (String path : value.split(":")) {
                        assertTrue(!path.startsWith("/") || Files.exists(Path.of(move(path))),
                                e.getKey() + " Environment= names " + path + ", which is not installed");
                    }
                }
            }
            for (String key : List.of("ExecStartPre", "ExecStart", "ExecReload", "ExecStop")) {
                for (List<String> argv : commands(e.getKey(), key, 1)) {
                    for (String path : absolutePaths(argv)) { // moved already: ROOT/... or a host tool
                        String named = path.startsWith(root + "/") ? path.substring(root.toString().length()) : path;
                        if (madeBySystemd.stream().anyMatch(d -> named.equals(d) || named.startsWith(d + "/"))
                                || MACHINE_PATHS.contains(named)) {
                            continue;
                        }
                        Path p = Path.of(path);
                        if (p.endsWith("*")) { // a classpath wildcard: the directory and its jars
                            p = p.getParent();
                            assertTrue(list(p).stream().anyMatch(j -> j.toString().endsWith(".jar")), e.getKey() + ": " + path);
                        }
                        assertTrue(Files.exists(p), e.getKey() + " " + key + " names " + named + ", which is not installed");
                    }
                }
            }
        }
    }

    @Test
    void theInstalledUnitsVerify() throws Exception {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/systemd-analyze", "verify"));
        units.values().forEach(u -> argv.add(u.file().toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), text);
        assertEquals("", text, "no warnings");
    }

    // --- running a unit as systemd does

    /** Makes the unit's directories, runs its ExecStartPre= lines, starts its ExecStart=: the main process. */
    private Process start(String name) throws Exception {
        return start(name, List.of());
    }

    /** As {@link #start(String)}, with ExecStart= run by {@code launcher} (e.g. mce-sim sandbox ... --). */
    private Process start(String name, List<String> launcher) throws Exception {
        UnitFile unit = units.get(name);
        String mode = unit.value("Service.RuntimeDirectoryMode", "0755");
        for (String d : unit.words("Service.RuntimeDirectory")) {
            Files.createDirectories(under("/run/" + d));
            Files.setPosixFilePermissions(under("/run/" + d), permissions(mode));
        }
        for (String d : unit.words("Service.LogsDirectory")) {
            Files.createDirectories(under("/var/log/" + d));
        }
        for (String d : unit.words("Service.StateDirectory")) {
            Files.createDirectories(under("/var/lib/" + d));
        }
        assertEquals(0, startPre(name), err(name + ".pre"));
        List<List<String>> main = commands(name, "ExecStart", 0);
        assertEquals(1, main.size(), name + ": Type=simple has one ExecStart=");
        List<String> argv = new ArrayList<>(launcher);
        argv.addAll(main.get(0));
        return exec(argv, name, 0, "main");
    }

    private int startPre(String name) throws Exception {
        for (List<String> argv : commands(name, "ExecStartPre", 0)) {
            int status = finish(exec(argv, name, 0, "pre"));
            if (status != 0) {
                return status; // systemd stops at the first failing ExecStartPre=
            }
        }
        return 0;
    }

    /** ExecStop= lines if any, then KillSignal= (default SIGTERM) to the main process; status 0 within TimeoutStopSec=. */
    private void stopUnit(String name, Process main) throws Exception {
        UnitFile unit = units.get(name);
        for (List<String> argv : commands(name, "ExecStop", main.pid())) {
            assertEquals(0, finish(exec(argv, name, main.pid(), "stop")), err(name + ".stop"));
        }
        if (main.isAlive()) {
            String signal = unit.value("Service.KillSignal", "SIGTERM").replaceFirst("^SIG", "");
            System.out.println("$ /bin/kill -s " + signal + " " + main.pid() + "   # " + name + " KillSignal= to MAINPID");
            assertEquals(0, new ProcessBuilder("/bin/kill", "-s", signal, Long.toString(main.pid())).start().waitFor());
        }
        long timeout = Long.parseLong(unit.value("Service.TimeoutStopSec", "90"));
        assertTrue(main.waitFor(timeout, TimeUnit.SECONDS), name + " still runs after TimeoutStopSec=" + timeout);
        assertEquals(0, main.exitValue(), name + ": " + err(name + ".main"));
    }

    private Process exec(List<String> argv, String name, long mainPid, String role) throws IOException {
        System.out.println("$ " + String.join(" ", argv) + "   # " + name + " " + role);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(new File("/"))
                .redirectOutput(out.resolve(name + "." + role + ".out").toFile())
                .redirectError(out.resolve(name + "." + role + ".err").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", SYSTEMD_PATH);
        pb.environment().putAll(environment(name, mainPid));
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static int finish(Process p) throws InterruptedException {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a unit's command still runs after 60 s");
        return p.exitValue();
    }

    /** A key's command lines, expanded with the unit's environment (MAINPID when given) and moved. */
    private List<List<String>> commands(String name, String key, long mainPid) throws IOException {
        List<List<String>> commands = new ArrayList<>();
        for (String line : units.get(name).values("Service." + key)) {
            List<String> argv = new ArrayList<>();
            for (String word : UnitFile.command(line, environment(name, mainPid))) {
                argv.add(move(word));
            }
            for (String path : absolutePaths(argv)) {
                assertTrue(path.startsWith(root + "/") || path.startsWith("/usr/") || path.startsWith("/bin/")
                                || MACHINE_PATHS.contains(path),
                        name + " " + key + " names " + path + ", which this test does not know to move");
            }
            commands.add(argv);
        }
        return commands;
    }

    /**
     * Environment=, then EnvironmentFile= (read from the scratch root), which overrides it, then
     * MAINPID, as systemd sets them (systemd.exec(5)).
     */
    private Map<String, String> environment(String name, long mainPid) throws IOException {
        UnitFile unit = units.get(name);
        Map<String, String> env = new LinkedHashMap<>();
        for (String assignments : unit.values("Service.Environment")) {
            UnitFile.assignments(assignments).forEach((k, v) -> env.put(k, move(v)));
        }
        for (String file : environmentFiles(unit)) {
            env.putAll(UnitFile.environmentFile(under(file)));
        }
        if (mainPid > 0) {
            env.put("MAINPID", Long.toString(mainPid));
        }
        return env;
    }

    private static List<String> environmentFiles(UnitFile unit) {
        return unit.values("Service.EnvironmentFile");
    }

    // --- the scratch root

    /** An absolute host path, under the scratch root. */
    private Path under(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    /** Puts the scratch root in front of every moved path in a text: a word, or a file's contents. */
    private String move(String text) {
        for (String m : moved) {
            text = text.replaceAll("(?<![\\w./-])" + Pattern.quote(m) + "(?=/|[^\\w.-]|$)",
                    Matcher.quoteReplacement(root + m));
        }
        return text;
    }

    private static final Pattern ABSOLUTE = Pattern.compile("(?:^|=)(/[^\\s:]*)");

    private static List<String> absolutePaths(List<String> argv) {
        List<String> paths = new ArrayList<>();
        for (String word : argv) {
            Matcher m = ABSOLUTE.matcher(word);
            while (m.find()) {
                paths.add(m.group(1));
            }
        }
        return paths;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static Set<java.nio.file.attribute.PosixFilePermission> permissions(String octal) {
        int bits = Integer.parseInt(octal, 8);
        StringBuilder rwx = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            rwx.append((bits >> shift & 4) != 0 ? 'r' : '-').append((bits >> shift & 2) != 0 ? 'w' : '-')
                    .append((bits >> shift & 1) != 0 ? 'x' : '-');
        }
        return java.nio.file.attribute.PosixFilePermissions.fromString(rwx.toString());
    }

    /** Two corrected memory errors on one page, with the installed mce-inject. */
    private void inject(Path socket) throws Exception {
        Path input = out.resolve("memory.inject");
        String record = "CPU 0 BANK 13\nSTATUS 0x9c00000000000090\nMISC 0x8c\nADDR 0x12345000\n";
        Files.writeString(input, record + record);
        Process p = new ProcessBuilder(under(PREFIX + "/bin/mce-inject").toString(), "--socket", socket.toString(),
                input.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), text);
    }

    private String err(String name) throws IOException {
        Path f = out.resolve(name + ".err");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private String errOrWhy(String name) {
        try {
            return err(name);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private void waitUntil(BooleanSupplier condition, Process p, String name) throws Exception {
        String where = Await.where();
        Await.until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError(where + ": " + name + " exited; stderr: " + err(name + ".main"));
            }
            return condition.getAsBoolean();
        }, Await.DEFAULT, where, () -> name + "'s stderr: " + errOrWhy(name + ".main"));
    }
}
