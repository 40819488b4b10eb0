package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mcelogjava.it.InstalledCommands.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The installed {@code mce-inject} against the installed {@code mce-sim run}, as a user runs them:
 * a corrected record held on cpu 1 in process context (HOLD IN_PROC EXCP) and an overflowed
 * uncorrected trigger on cpu 0 (mce-test's panic_noser/uc_over_corrected). The tool's two threads
 * write together; by default the simulator raises both #MCs in one rendezvous, as mce-test expects
 * (a SER CPU: no timeout, the Monarch finds nothing to blame, "from unknown source"); with
 * {@code --inject-mutex} it serialises them as Linux 6.12's {@code mce_inject_mutex} does, and the
 * trigger's rendezvous times out waiting for cpu 1.
 */
class ConcurrentInjectionIT {

    private static final String HELD_AND_TRIGGER = """
            CPU 1 BANK 1
            MCGSTATUS RIPV MCIP
            STATUS CORRECTED
            RIP 0x13:0x12345678
            IN_PROC
            EXCP
            HOLD

            CPU 0 BANK 2
            STATUS UNCORRECTED OVER
            MCGSTATUS RIPV EIPV MCIP
            ADDR 0x1234
            RIP 0x10:0xdeadbabe
            """;

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(Process::destroyForcibly);
    }

    @ParameterizedTest(name = "inject-mutex {0}")
    @ValueSource(booleans = {false, true})
    void theHeldRecordsCpuMeetsTheTriggerUnlessTheInjectMutexSerialisesThem(boolean mutex) throws Exception {
        Path socket = dir.resolve("mce.sock");
        InstalledCommands sim = new InstalledCommands(Files.createDirectories(dir.resolve("sim")));
        List<String> run = new ArrayList<>(List.of("mce-sim", "run", "--cpus", "4", "--socket", socket.toString()));
        if (mutex) {
            run.add("--inject-mutex");
        }
        Process p = sim.start(Map.of(), false, run.toArray(String[]::new));
        started.add(p);
        waitUntil(() -> Files.exists(socket), 60, () -> "mce-sim did not serve " + socket + ": " + sim.err());
        InstalledCommands user = new InstalledCommands(dir);
        InstalledCommands.Result fake = user.run("mce-sim", "sysfs", "--socket", socket.toString(), "write",
                "/sys/kernel/debug/mce/fake_panic", "1");
        assertEquals(0, fake.status(), fake.toString());

        Path input = Files.writeString(dir.resolve("uc_over_corrected.inject"), HELD_AND_TRIGGER);
        InstalledCommands.Result injected = user.run("mce-inject", "--socket", socket.toString(), input.toString());
        assertEquals(0, injected.status(), injected.toString());

        InstalledCommands.Result dmesg = user.run("mce-sim", "dmesg", "--socket", socket.toString());
        assertEquals(0, dmesg.status(), dmesg.toString());
        String timeout = "Fake kernel panic: Timeout: Not all CPUs entered broadcast exception handler";
        String together = "Fake kernel panic: Fatal machine check from unknown source";
        if (mutex) {
            assertTrue(dmesg.out().contains(timeout), dmesg.out());
            assertFalse(dmesg.out().contains(together), dmesg.out());
        } else {
            assertTrue(dmesg.out().contains(together), dmesg.out());
            assertFalse(dmesg.out().contains("Timeout"), dmesg.out());
        }
        assertTrue(p.isAlive(), sim.err());
    }
}
