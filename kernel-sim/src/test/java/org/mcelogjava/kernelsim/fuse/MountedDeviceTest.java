package org.mcelogjava.kernelsim.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.kernelsim.service.ServiceConfig;
import org.mcelogjava.kernelsim.service.SimulatorService;

/**
 * The simulator mounted as files, read by a program that is not ours: {@code mcelog_reader.py}
 * (Python's stdlib: {@code os.open}, {@code fcntl.ioctl}, {@code select.poll}, {@code os.read},
 * {@code os.write}) against {@code DIR/dev/mcelog}, while the socket serves the same machine.
 * Needs /dev/fuse, Debian's libfuse2 and fuse3 (fusermount), and python3; run as root.
 */
class MountedDeviceTest {

    private static final long WAIT_MILLIS = 20_000;

    @TempDir
    Path dir;

    private SimulatorService service;
    private Path mount;

    @BeforeEach
    void start() throws Exception {
        mount = dir.resolve("machine");
        service = SimulatorService.start(config(mount), MceObserver.NONE, PeerPolicy.ROOT_ONLY, m -> { });
    }

    @AfterEach
    void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        assertFalse(new MountTable(Path.of("/proc/self/mountinfo")).fuseMountedOn(mount), "unmounted at stop");
    }

    private ServiceConfig config(Path mountDir) {
        return new ServiceConfig(dir.resolve("sim.sock"), 4, CpuProfiles.skylakeServer(), KernelProfile.V6_12,
                new ServiceConfig.ClockMode.Scaled(1.0), "none", 1L, Set.of(), Set.of(), 0600, Optional.empty(),
                false, false, Optional.of(mountDir));
    }

    @Test
    void aForeignReaderSeesTheKernelsRecordAndLogLengthsAndItsReadRule() throws Exception {
        assertEquals(List.of("record_len=128", "log_len=32", "short_read=EINVAL"), reader("lengths"));
    }

    @Test
    void anExclusiveOpenIsRefusedWhileTheDeviceIsOpenAndExcludesOthers() throws Exception {
        assertEquals(List.of("excl_while_open=EBUSY", "open_while_excl=EBUSY", "open_after_close=opened"),
                reader("exclusive"));
    }

    /**
     * A child's copy of the descriptor closed at its exec (FUSE sends a FLUSH for it) does not end
     * the parent's open, as the kernel releases the device only at the last close: mcelog runs its
     * triggers, and sqlite-jdbc its {@code uname}, while the device is open.
     */
    @Test
    void aChildClosingItsCopyAtExecLeavesTheParentsOpen() throws Exception {
        assertEquals(List.of("record_len_after_child=128", "excl_while_open=EBUSY", "open_after_close=opened"),
                reader("child"));
    }

    @Test
    void aFullLogDropsTheRestAndRaisesTheOverflowFlagUntilRead() throws Exception {
        assertEquals(List.of("written=40"), reader("inject", "40"));
        await(() -> service.device().pending() == 32 && service.device().dropped() == 8, "32 logged, 8 dropped");
        assertEquals(List.of("flags=1", "records=32", "flags_after=0", "records_after=0"), reader("drain"));
    }

    @Test
    void aPollAsleepOnTheDeviceIsWokenByAnInjection() throws Exception {
        Process waiter = python("wait");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(waiter.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("sleeping", out.readLine());
            await(() -> service.device().waiters() == 1, "the reader asleep in poll");
            assertTrue(waiter.isAlive(), "poll(-1) returned before any record");
            assertEquals(List.of("written=1"), reader("inject", "1"));
            assertEquals("revents=1", out.readLine()); // POLLIN
            assertEquals("records=1", out.readLine());
            assertTrue(waiter.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS));
            assertEquals(0, waiter.exitValue(), new String(waiter.getErrorStream().readAllBytes()));
        } finally {
            waiter.destroyForcibly();
        }
    }

    @Test
    void theMachineIsThereAsFilesBesideTheSocket() throws Exception {
        assertTrue(Files.readString(mount.resolve("proc/cpuinfo")).contains("model name\t: Intel(R) Xeon(R)"));
        assertEquals("1\n", Files.readString(mount.resolve("sys/devices/system/cpu/cpu3/online")));
        Files.writeString(mount.resolve("sys/devices/system/cpu/cpu3/online"), "0\n");
        assertEquals("0\n", Files.readString(mount.resolve("sys/devices/system/cpu/cpu3/online")));
        assertFalse(Files.exists(mount.resolve("sys/devices/system/machinecheck/machinecheck3")));
        assertTrue(Files.exists(mount.resolve("sys/devices/system/machinecheck/machinecheck2/trigger")));
        assertTrue(Files.exists(mount.resolve("sys/firmware/dmi/entries/17-0/raw")));
        assertTrue(Files.exists(service.server().socket()));
    }

    @Test
    void aStaleMountOfAKilledSimulatorIsRemovedAtTheNextStart() throws Exception {
        service.close();
        service = null;
        Path other = dir.resolve("killed");
        Process killed = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                "org.mcelogjava.kernelsim.cli.MceSim", "run", "--socket", dir.resolve("killed.sock").toString(),
                "--mount", other.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        MountTable table = new MountTable(Path.of("/proc/self/mountinfo"));
        try {
            await(() -> mounted(table, other) && Files.exists(other.resolve("dev/mcelog")), "the simulator's mount");
        } finally {
            killed.destroyForcibly().waitFor();
        }
        assertTrue(table.fuseMountedOn(other), "kill -9 leaves the mount");
        assertTrue(MountTable.stale(other), "nobody serves it");
        List<String> log = new ArrayList<>();
        mount = other;
        service = SimulatorService.start(config(other), MceObserver.NONE, PeerPolicy.ROOT_ONLY, log::add);
        assertEquals(List.of("removing the stale mount on " + other + " left by a simulator that did not stop"), log);
        assertEquals(List.of("record_len=128", "log_len=32", "short_read=EINVAL"), reader("lengths"));
    }

    @Test
    void inTheSandboxAnUnmodifiedProgramFindsTheMachineAtTheStockPathsAndOffliningReachesIt() throws Exception {
        Path script = Path.of(getClass().getResource("mcelog_reader.py").toURI());
        List<String> inside = List.of("sh", "-c", "python3 " + script + " lengths /dev/mcelog"
                + " && grep -c '^processor' /proc/cpuinfo && head -1 /proc/interrupts"
                + " && ls /sys/devices/system/machinecheck && ls /sys/firmware/dmi/entries/17-0"
                + " && echo 0x5000 > /sys/devices/system/memory/soft_offline_page"
                + " && echo 0x5000 > /sys/devices/system/memory/soft_offline_page");
        Process p = new ProcessBuilder(new Sandbox(mount).commandLine(inside)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertEquals(List.of("record_len=128", "log_len=32", "short_read=EINVAL", "4",
                "           CPU0       CPU1       CPU2       CPU3       ",
                "machinecheck0", "machinecheck1", "machinecheck2", "machinecheck3",
                "handle", "instance", "length", "raw", "type"), out.lines().toList());
        assertTrue(Files.readString(mount.resolve("dev/kmsg")).contains("soft offline: 0x5: page already poisoned"),
                "the second soft offline of the page finds it offlined by the first");
        assertFalse(Files.exists(Path.of("/dev/mcelog")), "nothing changes outside the namespace");
    }

    @Test
    void theSandboxRefusesADirectoryWhereNoMachineIsMounted() throws Exception {
        Path nowhere = dir.resolve("nowhere");
        Sandbox.SandboxUnavailableException e = assertThrows(
                Sandbox.SandboxUnavailableException.class, () -> new Sandbox(nowhere).check());
        assertEquals("no simulated machine at " + nowhere + ": " + nowhere + "/dev/mcelog: No such file or directory"
                + " (is mce-sim run --mount " + nowhere + " running?)", e.getMessage());
    }

    private static boolean mounted(MountTable table, Path dir) {
        try {
            return table.fuseMountedOn(dir);
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs the reader to its end; its stdout lines, or a failure with its stderr. */
    private List<String> reader(String... args) throws Exception {
        Process p = python(args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            fail("mcelog_reader.py " + String.join(" ", args) + " did not finish");
        }
        assertEquals(0, p.exitValue(), "mcelog_reader.py " + String.join(" ", args) + ": " + err);
        return out.lines().toList();
    }

    private Process python(String... args) throws IOException, URISyntaxException {
        Path script = Path.of(getClass().getResource("mcelog_reader.py").toURI());
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString(), args[0],
                mount.resolve("dev/mcelog").toString()));
        cmd.addAll(List.of(args).subList(1, args.length));
        return new ProcessBuilder(cmd).start();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
