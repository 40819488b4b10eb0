package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mcelogjava.it.InstalledCommands.waitUntil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's way to run a program that is not ours against the simulator, with the installed
 * commands: {@code mce-sim run --mount DIR}, an error from the shipped example injected with
 * {@code mce-inject}, and {@code mce-sim sandbox} running a Python reader that opens the stock
 * {@code /dev/mcelog}, asks its lengths by ioctl and reads the whole log. Needs root, /dev/fuse,
 * Debian's libfuse2 and fuse3, and python3. The mount is removed even when the test fails.
 */
class MountedMachineIT {

    /** A reader of the stock path with nothing of ours: the kernel's ioctl numbers and struct mce offsets. */
    private static final String READER = String.join("\n",
            "import fcntl, os, struct",
            "fd = os.open('/dev/mcelog', os.O_RDONLY)",
            "b = bytearray(4)",
            "fcntl.ioctl(fd, 0x80044D01, b); reclen = struct.unpack('i', b)[0]",
            "fcntl.ioctl(fd, 0x80044D02, b); loglen = struct.unpack('i', b)[0]",
            "data = os.read(fd, reclen * loglen)",
            "for off in range(0, len(data), reclen):",
            "    status, = struct.unpack_from('<Q', data, off)",
            "    print('bank=%d status=%#x addr=%#x' % (data[off + 65], status, struct.unpack_from('<Q', data, off + 16)[0]))",
            "print('cpus=%d' % open('/proc/cpuinfo').read().count('processor\\t'))");

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();
    private Path mount;

    @AfterEach
    void stopAll() throws Exception {
        started.forEach(Process::destroyForcibly);
        for (Process p : started) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (mount != null && mounted(mount)) {
            new ProcessBuilder("fusermount", "-u", "-z", mount.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void theStockPathsInTheSandboxAreTheSimulatedMachineAndTheMountGoesAtStop() throws Exception {
        mount = dir.resolve("machine");
        Path socket = dir.resolve("mce.sock");
        InstalledCommands sim = new InstalledCommands(Files.createDirectories(dir.resolve("sim")));
        Process run = sim.start(Map.of(), false, "mce-sim", "run", "--socket", socket.toString(), "--cpus", "6",
                "--mount", mount.toString());
        started.add(run);
        waitUntil(() -> Files.exists(mount.resolve("dev/mcelog")), 60, () -> "no mount: " + sim.err());

        InstalledCommands commands = new InstalledCommands(dir);
        InstalledCommands.Result inject = commands.run("mce-inject", "--socket", socket.toString(),
                InstalledCommands.HOME.resolve("examples/corrected-dimm.inject").toString());
        assertEquals(0, inject.status(), inject.toString());
        waitUntil(() -> commands.runQuietly("mce-sim", "sandbox", "--mount", mount.toString(), "--",
                "python3", "-c", "import select,os; p=select.poll(); p.register(os.open('/dev/mcelog', 0), 1);"
                        + " exit(0 if p.poll(0) else 1)") == 0, 60, () -> "the record was never logged");

        InstalledCommands.Result reader = commands.run("mce-sim", "sandbox", "--mount", mount.toString(), "--",
                "python3", "-c", READER);
        assertEquals(0, reader.status(), reader.toString());
        assertEquals("bank=13 status=0x9c00004000800091 addr=0x1a2b3c000\ncpus=6\n", reader.out(), reader.toString());
        assertFalse(Files.exists(Path.of("/dev/mcelog")), "the sandbox changed nothing outside its namespace");

        InstalledCommands.Result second = commands.run("mce-sim", "run", "--socket", dir.resolve("other.sock").toString(),
                "--mount", mount.toString());
        assertEquals(1, second.status(), second.toString());
        assertEquals("mce-sim run: cannot mount " + mount + ": a live file system is mounted there (another simulator?);"
                + " stop it first or choose another --mount\n", second.err(), second.toString());

        run.destroy(); // SIGTERM
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "mce-sim run did not stop");
        assertEquals(0, run.exitValue(), sim.err());
        assertFalse(mounted(mount), "unmounted at stop");
        assertFalse(Files.exists(socket), "socket removed at stop");
    }

    /**
     * A stop that comes as soon as the mount shows, while the simulator is still starting, takes the
     * mount down too (it used to be left behind, "Transport endpoint is not connected", when the stop
     * came within the 2 s jnr-fuse's own mount call waits before it returns).
     */
    @Test
    void aStopRightAfterTheMountShowsTakesTheMountDown() throws Exception {
        InstalledCommands sim = new InstalledCommands(Files.createDirectories(dir.resolve("sim")));
        for (int i = 0; i < 3; i++) {
            mount = dir.resolve("early-" + i);
            Process run = sim.start(Map.of(), false, "mce-sim", "run", "--socket", dir.resolve("early-" + i + ".sock")
                    .toString(), "--mount", mount.toString());
            started.add(run);
            Path device = mount.resolve("dev/mcelog");
            waitUntil(() -> Files.exists(device), 60, () -> "no mount: " + sim.err());
            run.destroy(); // SIGTERM
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "mce-sim run did not stop");
            assertEquals(0, run.exitValue(), sim.err());
            assertFalse(mounted(mount), "round " + i + ": unmounted at a stop during the start");
        }
    }

    @Test
    void theSandboxRefusesWhereNoMachineIsMounted() throws Exception {
        Path nowhere = dir.resolve("nowhere");
        InstalledCommands.Result r = new InstalledCommands(dir).run("mce-sim", "sandbox", "--mount", nowhere.toString(),
                "--", "true");
        assertEquals(1, r.status(), r.toString());
        assertEquals("mce-sim sandbox: no simulated machine at " + nowhere + ": " + nowhere
                + "/dev/mcelog: No such file or directory (is mce-sim run --mount " + nowhere + " running?)\n", r.err());
    }

    private static boolean mounted(Path dir) throws IOException {
        String wanted = " " + dir + " ";
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .anyMatch(l -> l.contains(wanted) && l.contains(" - fuse"));
    }
}
