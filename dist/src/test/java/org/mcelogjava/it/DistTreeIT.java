package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.protocol.testing.Await;

/** The assembled installation tree (dist/target/mcelog-java) runs as a user would run it. */
class DistTreeIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java"));

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private Result run(Map<String, String> env, Path stdin, String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(command));
        argv.set(0, HOME.resolve(command[0]).toString());
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().putAll(env);
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null")) : ProcessBuilder.Redirect.from(stdin.toFile()));
        int status = pb.start().waitFor();
        return new Result(status, Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    private Path fixture(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/dist/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void theTreeHasItsParts() {
        for (String p : List.of("bin/mcelog", "bin/mce-sim", "bin/mce-inject", "bin/mcelog-demo", "lib",
                "conf/mcelog.conf", "conf/mce-sim.conf", "conf/log4j2.xml", "modules/a/a.jar", "modules/b/Module.symvers",
                "modules/pfnfilter/pfnfilter.jar", "modules/src/nvfilter/mce-module.properties", "systemd/mcelog.service", "systemd/mce-sim.service", "install.sh", "triggers/dimm-error-trigger",
                "triggers/page-error-trigger", "triggers/cache-error-trigger")) {
            assertTrue(Files.exists(HOME.resolve(p)), p);
        }
        assertTrue(Files.isExecutable(HOME.resolve("bin/mcelog")));
    }

    @Test
    void mcelogDecodesAsciiInputLikeMcelog() throws Exception {
        Result r = run(Map.of("TZ", "UTC"), fixture("040-haswell-ep-imc-patrol.in"), "bin/mcelog", "--no-dmi", "--ascii");
        assertEquals(0, r.status(), r.err());
        assertEquals(Files.readString(fixture("040-haswell-ep-imc-patrol.out")), r.out());
    }

    @Test
    void mceSimReplaysAnInjection() throws Exception {
        Result r = run(Map.of(), null, "bin/mce-sim", "replay", "--json", fixture("recoverable_ucr.srao_mem_scrub.inject").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("{\"outcome\": \"recover\", \"severity\": \"MCE_AO_SEVERITY\""), r.out());
    }

    @Test
    void theShippedConfigurationIsValid() throws Exception {
        Result r = run(Map.of(), null, "bin/mcelog", "--config-file", HOME.resolve("conf/mcelog.conf").toString(), "--version");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err(), r.err());
        assertEquals(org.mcelogjava.client.Version.banner("mcelog"), r.out(), "the version, on stdout");
    }

    @Test
    void aShippedTriggerReportsItsMessageAndLocation() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(HOME.resolve("triggers/dimm-error-trigger").toString()).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("MESSAGE", "corrected DIMM memory error count exceeded threshold: 2 in 24h",
                "LOCATION", "SOCKET:0 CHANNEL:1 DIMM:2 []", "THRESHOLD", "2 in 24h", "TOTALCOUNT", "2"));
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("corrected DIMM memory error count exceeded threshold: 2 in 24h\nLocation: SOCKET:0 CHANNEL:1 DIMM:2 []\n"
                + "Threshold: 2 in 24h (total 2)\n", out);
    }

    @Test
    void aMissingJavaIsOneClearLine() throws Exception {
        Result r = run(Map.of("JAVA_HOME", dir.resolve("no-jdk").toString()), null, "bin/mcelog", "--version");
        assertEquals(1, r.status());
        assertEquals("mcelog: cannot run " + dir.resolve("no-jdk/bin/java") + ": no such executable (from JAVA_HOME);"
                + " set JAVA_HOME to a JDK 17 or unset it\n", r.err());
    }

    /** bin/mcelog's default heap and collector apply unless JAVA_OPTS chooses; a second collector would stop the JVM. */
    @Test
    void mcelogRunsWithASmallSerialHeapUnlessJavaOptsChooses() throws Exception {
        Result defaults = run(Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"), null, "bin/mcelog", "--version");
        assertEquals(0, defaults.status(), defaults.err());
        assertTrue(defaults.out().contains("-XX:MaxHeapSize=67108864 ") && defaults.out().contains("-XX:+UseSerialGC")
                && defaults.out().contains("-XX:InitialHeapSize=8388608 "), defaults.out());
        Result chosen = run(Map.of("JAVA_OPTS", "-Xmx256m -XX:+UseParallelGC -XX:+PrintCommandLineFlags"), null,
                "bin/mcelog", "--version");
        assertEquals(0, chosen.status(), chosen.err());
        assertTrue(chosen.out().contains("-XX:MaxHeapSize=268435456 ") && chosen.out().contains("-XX:+UseParallelGC")
                && !chosen.out().contains("UseSerialGC"), chosen.out());
        Result sim = run(Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"), null, "bin/mce-sim", "--help");
        assertFalse(sim.out().contains("-XX:MaxHeapSize=67108864 "), "mce-sim keeps the JVM's own sizing");
    }

    @Test
    void theShippedSimulatorConfigStartsTheSimulator() throws Exception {
        Path sock = dir.resolve("sim.sock");
        Process sim = new ProcessBuilder(HOME.resolve("bin/mce-sim").toString(), "run", "--config",
                HOME.resolve("conf/mce-sim.conf").toString(), "--socket", sock.toString())
                .redirectError(dir.resolve("sim.err").toFile()).start();
        try {
            Await.until(() -> Files.exists(sock) || !sim.isAlive(), "mce-sim run to serve " + sock + " or exit");
            assertTrue(Files.exists(sock), Files.readString(dir.resolve("sim.err")));
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(sim.pid())).start().waitFor());
            assertTrue(sim.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, sim.exitValue());
            String err = Files.readString(dir.resolve("sim.err"));
            assertTrue(err.contains("serving " + sock + " (16 CPUs, skx, kernel 6.12"), err);
        } finally {
            sim.destroyForcibly();
        }
    }

    @Test
    void theShippedModulesLoadInOrderAndTheirSourcesRebuild() throws Exception {
        Path sock = dir.resolve("mod.sock");
        Process sim = new ProcessBuilder(HOME.resolve("bin/mce-sim").toString(), "run", "--socket", sock.toString())
                .redirectError(dir.resolve("mod.err").toFile()).start();
        try {
            Await.until(() -> Files.exists(sock) || !sim.isAlive(), "mce-sim run to serve " + sock + " or exit");
            Map<String, String> env = Map.of("MCE_SIM_SOCKET", sock.toString());
            Result b = run(env, null, "bin/mce-sim", "insmod", HOME.resolve("modules/b/b.jar").toString());
            assertEquals(1, b.status(), "b needs a's export first: " + b.err());
            assertEquals(0, run(env, null, "bin/mce-sim", "insmod", HOME.resolve("modules/a/a.jar").toString()).status());
            assertEquals(0, run(env, null, "bin/mce-sim", "insmod", HOME.resolve("modules/b/b.jar").toString()).status());
            Result lsmod = run(env, null, "bin/mce-sim", "lsmod");
            assertTrue(lsmod.out().contains("\nb ") && lsmod.out().contains("\na "), lsmod.out());
        } finally {
            sim.destroy();
            sim.waitFor(20, TimeUnit.SECONDS);
        }
        Result rebuilt = run(Map.of(), null, "bin/mce-sim", "modbuild", dir.resolve("built").toString(),
                HOME.resolve("modules/src/pfnfilter").toString());
        assertEquals(0, rebuilt.status(), rebuilt.err());
        assertTrue(Files.exists(dir.resolve("built/pfnfilter/pfnfilter.jar")));
    }

    @Test
    void theTreesLog4jConfigurationIsUsedAndJavaOptsOverridesIt() throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("conf"));
        Files.createSymbolicLink(tree.resolve("lib"), HOME.resolve("lib"));
        Files.createDirectories(tree.resolve("bin"));
        for (String f : List.of("mce-sim", "launcher.sh")) { // copies, not links: the launcher follows links home
            Files.copy(HOME.resolve("bin/" + f), tree.resolve("bin/" + f));
        }
        String shipped = Files.readString(HOME.resolve("conf/log4j2.xml"));
        Files.writeString(tree.resolve("conf/log4j2.xml"), shipped.replace("%d{ISO8601} %-5level", "EDITED %-5level"));
        Path other = dir.resolve("other.xml");
        Files.writeString(other, shipped.replace("%d{ISO8601} %-5level", "FROM-JAVA-OPTS %-5level"));
        try {
            assertTrue(logOf(tree.resolve("bin/mce-sim"), Map.of()).startsWith("EDITED INFO  mce-sim: serving "));
            assertTrue(logOf(tree.resolve("bin/mce-sim"), Map.of("JAVA_OPTS", "-Dlog4j2.configurationFile=" + other))
                    .startsWith("FROM-JAVA-OPTS INFO  mce-sim: serving "));
        } finally {
            Files.delete(tree.resolve("lib")); // the link out of the temp dir: JUnit warns when it has to remove it
        }
    }

    /** Starts {@code mce-sim run}, stops it at readiness, returns its stderr (its Log4j2 log). */
    private String logOf(Path launcher, Map<String, String> env) throws Exception {
        Path sock = dir.resolve("log.sock");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "run", "--socket", sock.toString())
                .redirectError(dir.resolve("log.err").toFile());
        pb.environment().putAll(env);
        Process sim = pb.start();
        try {
            Await.until(() -> Files.readString(dir.resolve("log.err")).contains(" serving ") || !sim.isAlive(),
                    "mce-sim's first log line (\" serving \") or its exit");
        } finally {
            sim.destroy();
            sim.waitFor(20, TimeUnit.SECONDS);
        }
        return Files.readString(dir.resolve("log.err"));
    }

    @Test
    void aSymlinkedLauncherFindsItsInstallation() throws Exception {
        Path link = dir.resolve("mcelog");
        Files.createSymbolicLink(link, HOME.resolve("bin/mcelog").toAbsolutePath());
        Process p = new ProcessBuilder(link.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.startsWith("mcelog"), out);
        Files.delete(link);
    }
}
