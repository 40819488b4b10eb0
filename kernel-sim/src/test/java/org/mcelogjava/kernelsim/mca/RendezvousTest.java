package org.mcelogjava.kernelsim.mca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.protocol.mce.Mce;

/** The broadcast #MC rendezvous (mce_start / mce_end / mce_reign) under the deterministic interleaver. */
class RendezvousTest {

    private static final long SRAO_SCRUB = 0xbd000000000000c0L; // VAL|UC|EN|MISCV|ADDRV|S|0xc0
    private static final long FATAL = 0xb200000000000000L;

    private final List<Mce> delivered = new ArrayList<>();
    private final List<String> panics = new ArrayList<>();

    private SimulatedKernel boot(int cpus, boolean fakePanic) {
        return new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(), new Topology(2, cpus / 4, 2)))
                .config(new MceConfig().fakePanic(fakePanic))
                .mcelog(delivered::add)
                .observer(new MceObserver() {
                    @Override
                    public void panic(String message, Mce fin, String exception, boolean fake) {
                        panics.add(message);
                    }
                })
                .boot();
    }

    @Test
    void sixtyFourCpusMeetAndASharedBankIsReportedOnce() {
        SimulatedKernel k = boot(64, false);
        k.hardware().error(5, 7, SRAO_SCRUB, 0x1234000, 0x8c, 5, Regs.interruptedKernel());
        k.runDeferredWork();
        assertEquals(1, delivered.size());
        assertEquals(7, delivered.get(0).bank());
        assertEquals(Severity.AO.value(), delivered.get(0).severity());
        assertTrue(panics.isEmpty());
        assertEquals(0, k.context().clock().nanoTime(), "nobody waited for a timeout");
        for (int c = 0; c < 64; c++) {
            assertEquals(1, k.context().cpu(c).exceptionCount());
        }
        assertTrue(k.log().contains("Memory failure: 0x1234: recovery action for free buddy page: Recovered"));
    }

    @Test
    void anOfflineCpuIgnoresTheBroadcastAndTheRendezvousWaitsOnlyForTheOnlineOnes() {
        SimulatedKernel k = boot(8, false);
        k.setCpuOnline(3, false);
        k.hardware().error(5, 7, SRAO_SCRUB, 0x1234000, 0x8c, 5, Regs.interruptedKernel());
        k.runDeferredWork();
        assertEquals(1, delivered.size());
        assertTrue(panics.isEmpty());
        assertEquals(0, k.context().clock().nanoTime(), "nobody waited for the offline CPU");
        assertEquals(0, k.context().cpu(3).exceptionCount(), "mce_check_crashing_cpu: RIPV set, ignored");
        assertEquals(0, k.machine().cpu(3).mcgStatus(), "and MCG_STATUS cleared");
        assertEquals(1, k.context().cpu(2).exceptionCount());
    }

    @Test
    void anOfflineCpuHasNoPollTimerAndCannotBeAnInjectionTarget() {
        SimulatedKernel k = boot(8, false);
        assertTrue(k.pollTimers().expires(3) >= 0);
        k.setCpuOnline(3, false);
        assertEquals(-1, k.pollTimers().expires(3));
        k.pollTimers().restartAll(); // a check_interval write restarts the online CPUs' timers only
        assertEquals(-1, k.pollTimers().expires(3));
        assertTrue(k.debugfsInjector().cpu(3) < 0, "mce-inject's cpu file: EINVAL for an offline CPU");
        k.setCpuOnline(3, true);
        assertTrue(k.pollTimers().expires(3) >= 0);
        assertEquals(0, k.debugfsInjector().cpu(3));
    }

    @Test
    void writingFakePanicResetsTheCountSoTheNextFakePanicPrintsAgain() {
        SimulatedKernel k = boot(8, true);
        k.hardware().error(1, 1, FATAL, 0, 0, 0, Regs.interruptedKernel());
        k.hardware().error(2, 1, FATAL, 0, 0, 0, Regs.interruptedKernel());
        assertEquals(1, panics.size(), "mce_fake_panicked: only the first fake panic is reported");
        k.setFakePanic(true); // the debugfs store: mce_reset(), then the value
        k.hardware().error(3, 1, FATAL, 0, 0, 0, Regs.interruptedKernel());
        assertEquals(2, panics.size(), panics.toString());
        assertFalse(k.halted());
    }

    @Test
    void aCpuThatNeverArrivesTimesTheRendezvousOutAfterOneSecond() {
        SimulatedKernel k = boot(64, false);
        k.machine().cpu(0).bank(1).log(FATAL, 0, 0);
        List<CpuInterleaver.Arrival> round = new ArrayList<>();
        for (int c = 0; c < 64; c++) {
            if (c == 42) {
                continue;
            }
            int cpu = c;
            k.machine().cpu(c).writeMcgStatus(5);
            round.add(new CpuInterleaver.Arrival(c, 0, () -> k.handler().doMachineCheck(cpu, Regs.interruptedKernel())));
        }
        KernelPanic p = assertThrows(KernelPanic.class, () -> k.interleaver().run(round));
        assertEquals("Timeout: Not all CPUs entered broadcast exception handler", p.getMessage());
        assertTrue(k.log().contains("CPUs not responding to MCE broadcast (may include false positives): 42"));
        assertTrue(k.log().contains("Kernel panic - not syncing: Timeout: Not all CPUs entered broadcast exception handler"));
        assertEquals(1_000_000_000L, k.context().clock().nanoTime());
        assertTrue(k.halted());
        assertEquals(List.of("Timeout: Not all CPUs entered broadcast exception handler"), panics);
    }

    @Test
    void aLateCpuWithinTheTimeoutStillJoins() {
        SimulatedKernel k = boot(8, false);
        k.machine().cpu(3).bank(1).log(SRAO_SCRUB, 0x5000, 0x8c);
        List<CpuInterleaver.Arrival> round = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int cpu = c;
            k.machine().cpu(c).writeMcgStatus(5);
            round.add(new CpuInterleaver.Arrival(c, c == 7 ? 900_000_000L : 0,
                    () -> k.handler().doMachineCheck(cpu, Regs.interruptedKernel())));
        }
        k.interleaver().run(round);
        assertTrue(panics.isEmpty());
        assertEquals(900_000_000L, k.context().clock().nanoTime());
    }

    @Test
    void nobodyFindingAnythingIsTheUnknownSourcePanic() {
        SimulatedKernel k = boot(4, true);
        k.hardware().machineCheck(0, 5, Regs.interruptedKernel());
        assertEquals(List.of("Fatal machine check from unknown source"), panics);
        assertFalse(k.halted(), "fake_panic only prints");
        assertTrue(k.log().contains("Fake kernel panic: Fatal machine check from unknown source"));
    }

    @Test
    void aFatalErrorOnOneCpuMakesTheMonarchPanicWithItsMessage() {
        SimulatedKernel k = boot(8, false);
        k.hardware().error(6, 1, FATAL, 0, 0, 5, Regs.interruptedKernel());
        assertEquals(List.of("Fatal machine check"), panics);
        assertTrue(k.log().contains("mce: [Hardware Error]: Machine check: Processor context corrupt"));
        // Bank 1 is core-scoped: CPU 2 (thread 0 of CPU 6's core) arrived first, scanned first and reported it.
        assertTrue(k.log().contains("mce: [Hardware Error]: CPU 2: Machine Check Exception: 5 Bank 1: b200000000000000"));
        assertEquals(1, k.panicState().persistedRecords().size(), "the final record goes to ERST");
    }

    @Test
    void localMachineCheckSkipsTheRendezvous() {
        SimulatedKernel k = boot(8, false);
        long srarData = 0xbd80000000000134L;
        k.context().cpu(2).current(new org.mcelogjava.kernelsim.mm.Task(77, "victim").map(0x12345, 0x7f0000001000L));
        k.memoryFailure().memory().addTask(k.context().cpu(2).current());
        k.memoryFailure().memory().setState(0x12345, org.mcelogjava.kernelsim.mm.PageState.LRU_DIRTY);
        k.hardware().error(2, 1, srarData, 0x12345000L, 0x8c, 0xf, new Regs(0x400000, 0x33, true, false));
        k.context().cpu(2).current().returnToUser();
        assertEquals(1, k.context().cpu(2).exceptionCount());
        assertEquals(0, k.context().cpu(3).exceptionCount());
        var sig = k.context().cpu(2).current().signals();
        assertEquals(1, sig.size());
        assertEquals(0x7f0000001000L, sig.get(0).addr());
        assertNull(k.panicState().panicMessage());
    }

    @Test
    void fatalLocalMachineCheckPanicsWithoutWaitingForAnyone() {
        SimulatedKernel k = boot(8, false);
        k.hardware().error(3, 1, FATAL, 0, 0, 0xd, Regs.interruptedKernel()); // RIPV|MCIP|LMCES
        assertEquals(List.of("Fatal local machine check"), panics);
        assertEquals(0, k.context().clock().nanoTime());
        assertEquals(0, k.context().cpu(0).exceptionCount());
        assertTrue(k.log().contains("CPU 3: Machine Check Exception: d Bank 1: b200000000000000"));
    }
}
