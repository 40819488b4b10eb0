package org.mcelogjava.kernelsim.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.clock.ScaledClock;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Dimm;
import org.mcelogjava.kernelsim.machine.DimmMap;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.protocol.mce.Mce;

/** The fault generator on the stepped clock: seeded, at field rates, clustered, and seen by the kernel. */
class FaultGeneratorTest {

    private static final long DAY = 86_400L * 1_000_000_000L;

    private final List<Mce> logged = new ArrayList<>();
    private final List<HardwareError> raised = new ArrayList<>();

    private SimulatedKernel boot(int sockets, long memoryBytes) {
        return new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(), new Topology(sockets, 2, 1)))
                .memoryBytes(memoryBytes).mcelog(logged::add).boot();
    }

    private List<HardwareError> run(long seed, FaultProfile profile, long nanos) {
        List<HardwareError> out = new ArrayList<>();
        SimulatedKernel k = boot(2, 64L << 30);
        FaultGenerator g = new FaultGenerator(k, profile, seed, out::add);
        g.start();
        k.advanceBy(nanos);
        return out;
    }

    @Test
    void theSameSeedRaisesTheSameErrorsAndAnotherSeedDoesNot() {
        FaultProfile p = FaultProfile.defaults().withFaultyDimmFraction(0.3);
        List<HardwareError> first = run(7, p, 2 * DAY);
        assertFalse(first.isEmpty());
        assertEquals(first, run(7, p, 2 * DAY));
        assertTrue(!first.equals(run(8, p, 2 * DAY)));
    }

    @Test
    void countsOverALongRunMatchTheRates() {
        // bursts and new faults off: every process is Poisson with a known rate
        FaultProfile p = new FaultProfile(0.3, 0, 0.5, 225, 1e5, 0, 4, 120, 0.025, 50, 400, 1);
        SimulatedKernel k = boot(2, 64L << 30);
        FaultGenerator g = new FaultGenerator(k, p, 11, raised::add);
        g.start();
        double rate = g.baseRatePerSecond();
        long seconds = (long) (20_000 / rate);
        k.advanceBy(seconds * 1_000_000_000L);
        double expected = rate * seconds;
        assertTrue(Math.abs(raised.size() - expected) < 5 * Math.sqrt(expected),
                raised.size() + " errors, expected " + expected);
        double cacheExpected = p.perSecond(p.cacheCePerCoreYear()) * 4 * seconds;
        assertTrue(Math.abs(g.count(ErrorKind.CACHE_CE) - cacheExpected) < 5 * Math.sqrt(cacheExpected) + 5,
                g.count(ErrorKind.CACHE_CE) + " cache errors, expected " + cacheExpected);
    }

    @Test
    void aFewDimmsCarryMostErrorsAndErrorsRepeatOnTheSamePages() {
        SimulatedKernel k = boot(8, 768L << 30); // 96 DIMMs
        FaultProfile p = new FaultProfile(0.08, 0.08, 0.5, 225, 1e6, 0.3, 4, 120, 0.025, 0.5, 4, 1);
        FaultGenerator g = new FaultGenerator(k, p, 3, raised::add);
        g.start();
        k.advanceBy(60 * DAY);
        long[] perDimm = g.errorsPerDimm();
        long total = Arrays.stream(perDimm).sum();
        assertTrue(total > 1000, "errors: " + total);
        long top = Arrays.stream(perDimm).sorted().skip(perDimm.length - perDimm.length / 10).sum();
        assertTrue(top >= 0.8 * total, "top 10% of DIMMs: " + top + " of " + total);
        assertTrue(Arrays.stream(perDimm).filter(n -> n == 0).count() > perDimm.length / 2, "most DIMMs stay clean");
        Set<Long> pages = new HashSet<>();
        raised.stream().filter(e -> e.kind().memory()).forEach(e -> pages.add(e.addr() >>> 12));
        long memoryErrors = raised.stream().filter(e -> e.kind().memory()).count();
        assertTrue(pages.size() < memoryErrors / 2, pages.size() + " pages for " + memoryErrors + " errors");
    }

    @Test
    void raisedErrorsReachTheKernelsLogWithTheirAddresses() {
        SimulatedKernel k = boot(2, 64L << 30);
        // rates capped so that no bank sees a second error before the first is read (no OVER merging)
        FaultProfile p = new FaultProfile(0.3, 0.08, 0.5, 225, 1e5, 0.3, 4, 120, 0.025, 0.5, 4, 1);
        FaultGenerator g = new FaultGenerator(k, p.withRateMultiplier(20), 5, raised::add);
        g.start();
        k.advanceBy(DAY);
        g.stop();
        k.advanceBy(DAY);
        assertTrue(raised.stream().anyMatch(e -> e.kind().memory()));
        for (HardwareError e : raised) {
            assertTrue(logged.stream().anyMatch(m -> m.bank() == e.bank() && m.addr() == e.addr()
                    && (m.status() & 0xffff_ffffL) == (e.status() & 0xffff_ffffL)), "not logged: " + e);
        }
    }

    @Test
    void aDayRunsInARealMinuteAt1440xWithTheSameErrorsAsTheSteppedClock() {
        FaultProfile p = FaultProfile.defaults().withFaultyDimmFraction(0.3);
        List<HardwareError> stepped = run(21, p, DAY);
        AtomicLong realNanos = new AtomicLong();
        SimulatedKernel k = new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(), new Topology(2, 2, 1)))
                .memoryBytes(64L << 30).clock(new ScaledClock(realNanos::get, 1440, 1_700_000_000L)).boot();
        List<HardwareError> accelerated = new ArrayList<>();
        new FaultGenerator(k, p, 21, accelerated::add).start();
        for (int second = 1; second <= 60; second++) { // the driver loop of a demo, one real second per turn
            realNanos.set(second * 1_000_000_000L);
            k.runDueTimers();
        }
        assertFalse(accelerated.isEmpty());
        assertEquals(stepped, accelerated);
    }

    @Test
    void everyCpuProfileGetsErrorsItsKernelLogs() {
        for (String name : List.of("skx", "spr", "kbl-client", "zen2")) {
            List<Mce> records = new ArrayList<>();
            List<HardwareError> errors = new ArrayList<>();
            SimulatedKernel k = new SimulatedKernel.Builder(new Machine(CpuProfiles.byName(name), new Topology(1, 4, 1)))
                    .mcelog(records::add).boot();
            new FaultGenerator(k, FaultProfile.defaults().withFaultyDimmFraction(1).withRateMultiplier(100), 1,
                    errors::add).start();
            k.advanceBy(DAY);
            assertFalse(errors.isEmpty(), name);
            assertFalse(records.isEmpty(), name);
            assertFalse(k.halted(), name + " must survive its errors");
            if (name.equals("zen2")) {
                // UMC banks 15/16 log a corrected DRAM ECC error as a Zen 2 does (PPR MCA_STATUS_UMC): VAL, EN,
                // MiscV, AddrV, SyndV, CECC, error code 0x011b, extended error code 0; each with its UMC's IPID
                List<Mce> umc = records.stream().filter(m -> m.bank() == 15 || m.bank() == 16).toList();
                assertFalse(umc.isEmpty(), "zen2 memory errors");
                for (Mce m : umc) {
                    long logged = ~(0x7fffL << 38 | 1L << 62); // the bank's error count and overflow
                    assertEquals(0x9c20_4000_0000_011bL & logged, m.status() & logged, "zen2 UMC status");
                    assertEquals(1L << 46, m.status() & (1L << 46), "CECC");
                    assertEquals(m.bank() == 15 ? 0x0000_0096_0005_0f00L : 0x0000_0096_0015_0f00L, m.ipid());
                }
                // MCA_SYND as decode_umc_error reads it: the chip select of the DIMM the error was placed on
                // (SYND[2:0] / 2 = its slot), a 16-bit syndrome (Length, SYND[23:18]), the same one each time a
                // cell repeats
                DimmMap map = BankLayout.dimms(k.machine(), k.memoryFailure().memory().pageCount() << 12);
                java.util.Map<Long, Long> syndromeOfCell = new java.util.HashMap<>();
                for (Mce m : umc) {
                    Dimm d = map.dimmAt(m.addr());
                    assertEquals(d.slot(), (int) (m.synd() & 7) / 2, "chip select of " + d.label());
                    assertEquals(16, (m.synd() >>> 18) & 0x3f, "syndrome length");
                    assertTrue((m.synd() >>> 32) != 0, "a syndrome");
                    assertEquals(syndromeOfCell.computeIfAbsent(m.addr(), a -> m.synd()), m.synd(), "cell " + m.addr());
                }
                assertTrue(syndromeOfCell.size() < umc.size(), "cells repeat");
                assertTrue(umc.stream().map(m -> m.synd() >>> 32).distinct().count() > 1, "different bits fail");
            }
        }
    }

    @Test
    void theZen2DemosSeedBootsWithTwoFaultyDimms() {
        // mcelog-demo --cpu zen2 --help: "default ... with --cpu zen2 3, whose machine has two faulty DIMMs";
        // its machine as mce-sim run --cpus 32 --cpu-model zen2 --faults default builds it (SimulatorService)
        SimulatedKernel k = new SimulatedKernel.Builder(new Machine(CpuProfiles.zen2(), Topology.flat(32))).boot();
        FaultGenerator g = new FaultGenerator(k, FaultProfile.defaults(), 3, e -> { });
        g.start();
        assertEquals(2, g.faults().size(), g.faults().toString());
    }

    @Test
    void zen2CacheErrorsAreCorrectedEccErrorsOfTheirUnitsDataArray() {
        List<Mce> records = new ArrayList<>();
        SimulatedKernel k = new SimulatedKernel.Builder(new Machine(CpuProfiles.zen2(), new Topology(1, 4, 1)))
                .mcelog(records::add).boot();
        // no DIMM faults, cache errors only: 4 cores at 365 000 a core-year, about 4 a day each
        FaultProfile cacheOnly = new FaultProfile(0, 0, 0.5, 225, 1e7, 0, 4, 120, 0, 365_000, 0, 1);
        new FaultGenerator(k, cacheOnly, 5, e -> { }).start();
        k.advanceBy(DAY);
        assertTrue(records.size() > 5, records.size() + " records");
        Set<Integer> banks = new HashSet<>();
        for (Mce m : records) {
            // PPR for family 17h model 31h: MCA_CTL_LS bit 13 DC data error, MCA_CTL_L2 bit 2 L2M data array
            // ECC, MCA_CTL_L3 bit 4 L3M data ECC; MCA_STATUS[46] CECC, [45] UECC, [61] UC
            int expectedXec = m.bank() == 0 ? 13 : m.bank() == 2 ? 2 : 4;
            assertTrue(m.bank() == 0 || m.bank() == 2 || m.bank() >= 7 && m.bank() <= 14, "bank " + m.bank());
            assertEquals(expectedXec, (m.status() >>> 16) & 0x3f, "extended error code of bank " + m.bank());
            assertEquals(1L << 46, m.status() & (7L << 45 | 1L << 61), "CECC only");
            banks.add(m.bank());
        }
        assertTrue(banks.contains(0) && banks.contains(2), "LS and L2: " + banks);
    }

    @Test
    void memoryErrorsUseTheSkylakeMemoryControllerEncoding() {
        DimmMap map = new DimmMap(64L << 30, 2, 6, 2);
        BankLayout skx = BankLayout.of(CpuProfiles.skylakeServer());
        assertEquals(24, map.dimms().size());
        assertEquals(0xbd000000001000c1L, skx.memoryStatus(ErrorKind.MEMORY_SRAO_SCRUB, 4),
                "SRAO patrol scrub on channel 1 of the second controller");
        assertEquals(0x8c000000000800c0L, skx.memoryStatus(ErrorKind.MEMORY_CE_SCRUB, 0));
        assertEquals(0x86, skx.memoryMisc());
        Dimm d = map.dimms().get(13);
        assertEquals(d, map.dimmAt(map.address(d, 5, 3, 7)));
    }
}
