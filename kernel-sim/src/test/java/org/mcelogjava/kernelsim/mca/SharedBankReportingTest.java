package org.mcelogjava.kernelsim.mca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;

/**
 * Every error in a thread-, core- or package-scoped bank reaches /dev/mcelog exactly once: CMCI
 * ownership (poll path) and the serialised Monarch scan (#MC path) keep sibling CPUs from
 * reporting a shared bank twice.
 */
class SharedBankReportingTest {

    private final Map<Long, Integer> seen = new HashMap<>();

    private SimulatedKernel boot() {
        return new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(), new Topology(2, 2, 2)))
                .mcelog(m -> seen.merge(m.addr(), 1, Integer::sum))
                .boot();
    }

    @Test
    void hundredThousandRandomCorrectedErrorsAreEachReportedOnce() {
        SimulatedKernel k = boot();
        SplittableRandom rnd = new SplittableRandom(42);
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            // far enough apart that no storm starts and timers keep polling in between
            k.advanceBy(rnd.nextLong(1, 120) * 1_000_000_000L);
            int cpu = rnd.nextInt(8);
            int bank = rnd.nextInt(20);
            long addr = 0x1000L * (i + 1);
            k.hardware().error(cpu, bank, 0x9400000000000090L, addr, 0, 0, null);
        }
        k.advanceBy(600_000_000_000L);
        assertEquals(n, seen.size());
        assertEquals(n, seen.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void uncorrectedErrorsInSharedBanksAreReportedOnceByTheRendezvous() {
        SimulatedKernel k = boot();
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 500;
        for (int i = 0; i < n; i++) {
            int cpu = rnd.nextInt(8);
            int bank = 4 + rnd.nextInt(16); // package-scoped uncore banks
            long addr = 0x1000L * (i + 1);
            k.hardware().error(cpu, bank, 0xbd000000000000c0L, addr, 0x8c, 5, Regs.interruptedKernel());
        }
        k.runDeferredWork();
        assertEquals(n, seen.size());
        assertEquals(n, seen.values().stream().mapToInt(Integer::intValue).sum());
    }
}
