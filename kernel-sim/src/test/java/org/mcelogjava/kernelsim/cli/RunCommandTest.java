package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.service.ServiceConfig;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.PollEvents;
import org.mcelogjava.protocol.testing.Await;

/** {@code mce-sim run}: options, config file, and a real process stopped by SIGTERM. */
class RunCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return MceSim.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void flagsOverrideTheConfigFileAndTheSocketFallsBackToTheEnvironment() throws IOException {
        Path conf = Files.writeString(dir.resolve("sim.conf"),
                "# a comment\ncpus = 8\nprofile=4.0\nclock=accelerated:3600\nadmin-uids=1000,1001\nsocket=/tmp/a\n");
        ServiceConfig c = RunOptions.parse(List.of("--config", conf.toString(), "--cpus", "2", "--admin-gid", "10"),
                Map.of(), false);
        assertEquals(2, c.cpus());
        assertEquals(KernelProfile.V4_0, c.kernel());
        assertEquals(new ServiceConfig.ClockMode.Scaled(3600), c.clock());
        assertEquals(Set.of(1000, 1001), c.adminUids());
        assertEquals(Set.of(10), c.adminGids());
        assertEquals(Path.of("/tmp/a"), c.socket());
        assertEquals(Path.of("/tmp/env"), RunOptions.parse(List.of(), Map.of("MCE_SIM_SOCKET", "/tmp/env"), true).socket());
        assertEquals(Path.of("/run/mce-sim/mcelog"), RunOptions.parse(List.of(), Map.of(), true).socket());
        assertEquals(Path.of("mce-sim.sock"), RunOptions.parse(List.of(), Map.of(), false).socket());
        assertEquals("skx", RunOptions.parse(List.of(), Map.of(), false).cpuModel().name());
        assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(List.of("--clock", "fast"), Map.of(), false));
    }

    @Test
    void theTcpListenerIsOffByDefaultAndOnLoopbackUnlessAHostIsNamed() {
        assertTrue(RunOptions.parse(List.of(), Map.of(), false).tcp().isEmpty());
        InetSocketAddress port = RunOptions.parse(List.of("--tcp", "7077"), Map.of(), false).tcp().orElseThrow();
        assertTrue(port.getAddress().isLoopbackAddress(), port.toString());
        assertEquals(7077, port.getPort());
        assertTrue(RunOptions.tcp("[::1]:0").getAddress().isLoopbackAddress());
        assertTrue(RunOptions.tcp("0.0.0.0:7077").getAddress().isAnyLocalAddress(), "only when named");
        for (String bad : List.of("", "x", "70000", "-1", ":5", "host.invalid:5")) {
            assertThrows(IllegalArgumentException.class, () -> RunOptions.tcp(bad), bad);
        }
    }

    @Test
    void theCecIsOffByDefaultAndNeedsAKernelThatHasOne() throws IOException {
        assertFalse(RunOptions.parse(List.of(), Map.of(), false).cec());
        assertTrue(RunOptions.parse(List.of("--cec", "on"), Map.of(), false).cec());
        Path conf = Files.writeString(dir.resolve("cec.conf"), "cec=on\n");
        assertTrue(RunOptions.parse(List.of("--config", conf.toString()), Map.of(), false).cec());
        assertFalse(RunOptions.parse(List.of("--config", conf.toString(), "--cec", "off"), Map.of(), false).cec());
        assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(List.of("--cec", "yes"), Map.of(), false));
        assertEquals(1, run("run", "--cec", "on", "--profile", "4.0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("4.0 kernel has no CEC"), err.toString());
    }

    @Test
    void theInjectMutexIsASwitchOffByDefaultAndAKeyOfTheConfigFile() throws IOException {
        assertFalse(RunOptions.parse(List.of(), Map.of(), false).injectMutex());
        assertTrue(RunOptions.parse(List.of("--inject-mutex", "--cpus", "2"), Map.of(), false).injectMutex());
        Path conf = Files.writeString(dir.resolve("mutex.conf"), "inject-mutex=on\n");
        assertTrue(RunOptions.parse(List.of("--config", conf.toString()), Map.of(), false).injectMutex());
        Path bad = Files.writeString(dir.resolve("bad-mutex.conf"), "inject-mutex=yes\n");
        assertEquals(1, run("run", "--config", bad.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                "mce-sim run: inject-mutex must be on or off, got 'yes'\n"), err.toString(StandardCharsets.UTF_8));
        assertEquals(0, run("run", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(
                "--inject-mutex         the mce-inject module serialises /dev/mcelog writes"), out.toString());
    }

    @Test
    void anInvalidConfigIsOneLineOnStderrAndStatus1() throws IOException {
        Path conf = Files.writeString(dir.resolve("bad.conf"), "cpus=4\ncolour=blue\n");
        assertEquals(1, run("run", "--config", conf.toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("bad.conf:2: unknown key 'colour'"), e);
    }

    @Test
    void anUnknownFaultProfileIsAUsageError() {
        assertEquals(1, run("run", "--socket", dir.resolve("s").toString(), "--faults", "heavy"));
        assertTrue(err.toString(StandardCharsets.UTF_8).endsWith("Try 'mce-sim run --help'.\n"), err.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("faults must be none or default"));
        assertFalse(Files.exists(dir.resolve("s")));
    }

    @Test
    void faultsStartAtBootUnlessTheFirstOpenIsAsked() {
        assertFalse(RunOptions.parse(List.of(), Map.of(), false).faultsAtFirstOpen());
        assertTrue(RunOptions.parse(List.of("--faults-start", "open"), Map.of(), false).faultsAtFirstOpen());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunOptions.parse(List.of("--faults-start", "later"), Map.of(), false));
        assertEquals("faults-start must be boot or open, got 'later'", e.getMessage());
    }

    @Test
    void theMachineIsMountedAsFilesOnlyWhereAskedByFlagOrConfig() throws Exception {
        assertTrue(RunOptions.parse(List.of(), Map.of(), true).mount().isEmpty());
        assertEquals(Optional.of(Path.of("/run/m")), RunOptions.parse(List.of("--mount", "/run/m"), Map.of(), true).mount());
        Path conf = dir.resolve("mount.conf");
        Files.writeString(conf, "mount = /srv/machine\n");
        assertEquals(Optional.of(Path.of("/srv/machine")),
                RunOptions.parse(List.of("--config", conf.toString()), Map.of(), true).mount());
    }

    @Test
    void helpListsEveryOptionAndExamples() {
        assertEquals(0, run("run", "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : List.of("--socket", "--cpus", "--cpu-model", "--profile", "--clock", "--faults",
                "--faults-start", "--config", "--admin-uid", "--admin-gid", "--device-mode", "MCE_SIM_SOCKET", "Examples:")) {
            assertTrue(help.contains(option), option);
        }
    }

    @Test
    void aRealProcessServesUntilSigtermThenClosesClientsAndRemovesTheSocket() throws Exception {
        Path socket = dir.resolve("mce.sock");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MceSim.class.getName(), "run",
                "--socket", socket.toString(), "--cpus", "2", "--clock", "accelerated:1000")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        try {
            Await.until(() -> {
                assertTrue(p.isAlive(), () -> "mce-sim exited: " + read(dir.resolve("out")));
                return Files.exists(socket);
            }, "mce-sim run to serve " + socket);
            try (DeviceConnection c = DeviceConnection.connect(socket, "test")) {
                assertEquals("300\n", c.readText("/sys/devices/system/machinecheck/machinecheck1/check_interval"));
                int fd = c.open(OpenFlags.O_RDONLY);
                p.destroy(); // SIGTERM
                // the POLL asleep in the server ends with the connection
                assertThrows(IOException.class, () -> c.poll(fd, PollEvents.POLLIN, -1));
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), "a stop by SIGTERM is a clean exit");
                assertFalse(Files.exists(socket), "socket file removed");
            }
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aRealProcessThatCannotBindExitsOneWithOneLineAndASigtermAtReadinessIsStillClean() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "");
        Process bad = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MceSim.class.getName(), "run",
                "--socket", blocker.resolve("mce.sock").toString()).redirectErrorStream(true).start();
        String out = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, bad.waitFor(), "the shutdown hook must not turn a failed start into 0: " + out);
        assertTrue(out.endsWith("mce-sim run: cannot create " + blocker + ": exists and is not a directory\n"), out);

        Path socket = dir.resolve("ready.sock");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MceSim.class.getName(), "run",
                "--socket", socket.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("out2").toFile())
                .start();
        try {
            while (!Files.exists(socket)) {
                assertTrue(p.isAlive(), () -> "mce-sim exited: " + read(dir.resolve("out2")));
                Thread.onSpinWait(); // catch the first moment the socket exists
            }
            p.destroy(); // SIGTERM at readiness
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), read(dir.resolve("out2")));
            assertFalse(Files.exists(socket), "socket file removed");
        } finally {
            p.destroyForcibly();
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
