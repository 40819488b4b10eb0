package org.mcelogjava.kernelsim.mca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mm.MemoryFailureQueue;
import org.mcelogjava.kernelsim.mm.MfFlags;
import org.mcelogjava.kernelsim.mm.PageState;
import org.mcelogjava.protocol.mce.Mce;

/**
 * drivers/ras/cec.c in the decoder chain: corrected DRAM errors are counted per page and kept from
 * /dev/mcelog until a page reaches the action threshold, which soft-offlines it through
 * memory_failure_queue.
 */
class CorrectedErrorsCollectorTest {

    /** VAL|EN|MISCV|ADDRV, memory-controller MCACOD 0x9f: a corrected DRAM error with a usable address. */
    private static final long DRAM_CE = 0x8c0000000000009fL;
    /** MISC: address LSB 6, physical address mode. */
    private static final long MISC = 0x86;
    private static final int IMC_BANK = 13;
    private static final long SECOND = 1_000_000_000L;

    private final List<Mce> device = new ArrayList<>();

    private SimulatedKernel boot(boolean cec) {
        return new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(), new Topology(1, 2, 1)))
                .mcelog(device::add)
                .cec(cec)
                .boot();
    }

    private static void dramCe(SimulatedKernel k, long addr) {
        k.hardware().error(0, IMC_BANK, DRAM_CE, addr, MISC, 0, null);
        k.runDeferredWork();
    }

    @Test
    void intelThresholdTwoEatsTheFirstErrorOfAPageAndSoftOfflinesItOnTheSecond() {
        SimulatedKernel k = boot(true);
        CorrectedErrorsCollector cec = k.cec().orElseThrow();
        assertEquals(2, cec.actionThreshold());
        assertTrue(k.log().contains("RAS: Correctable Errors collector initialized."));
        k.memoryFailure().memory().setState(0x12345, PageState.LRU_CLEAN);

        dramCe(k, 0x12345040L);
        assertEquals(List.of(), device, "the first error is the CEC's alone");
        assertEquals(1, cec.count(0x12345));
        assertTrue(k.log().contains("Machine check events logged"), "the early notifier still ran");

        dramCe(k, 0x12345080L);
        assertEquals(1, device.size(), "the threshold error goes on down the chain");
        assertEquals(0x12345080L, device.get(0).addr());
        assertTrue(k.log().contains("RAS: Soft-offlining pfn: 0x12345"));
        assertEquals(0, cec.count(0x12345), "the element is deleted");
        assertTrue(k.memoryFailure().memory().page(0x12345).hwPoison(), "soft-offlined by the queued work");
        assertEquals(1, k.memoryFailure().memory().numPoisonedPages());
        assertTrue(cec.show().contains("offlined pages: 1\n"));
    }

    @Test
    void withoutTheCecEveryCorrectedErrorReachesTheDevice() {
        SimulatedKernel k = boot(false);
        assertTrue(k.cec().isEmpty());
        dramCe(k, 0x12345040L);
        dramCe(k, 0x12345080L);
        assertEquals(2, device.size());
        assertFalse(k.memoryFailure().memory().page(0x12345).hwPoison());
    }

    @Test
    void onlyCorrectedMemoryErrorsWithAUsableAddressAreEaten() {
        SimulatedKernel k = boot(true);
        k.hardware().error(0, 5, 0x8c00000000000e0fL, 0x5000, MISC, 0, null); // bus/interconnect (bit 11)
        k.runDeferredWork();
        k.hardware().error(0, IMC_BANK, DRAM_CE & ~(1L << 59), 0x6000, 0, 0, null); // no MISCV
        k.runDeferredWork();
        k.hardware().error(0, IMC_BANK, DRAM_CE, 0x7000, 0xcc, 0, null); // LSB 12 but mode 3 (not physical)
        k.runDeferredWork();
        k.hardware().error(0, IMC_BANK, DRAM_CE | (1L << 61), 0x8000, MISC, 0, null); // uncorrected
        k.runDeferredWork();
        assertEquals(List.of(0x5000L, 0x6000L, 0x7000L, 0x8000L), device.stream().map(Mce::addr).toList());
        assertEquals(0, k.cec().orElseThrow().size());
        // mce_is_memory_error counts cache-hierarchy codes (MCACOD bit 8) too
        k.hardware().error(0, 1, 0x8c00000000000134L, 0x9000, MISC, 0, null);
        k.runDeferredWork();
        assertEquals(4, device.size());
        assertEquals(1, k.cec().orElseThrow().count(0x9));
    }

    @Test
    void aHigherThresholdCountsEachErrorAndSetsTheGenerationOnEveryHit() {
        SimulatedKernel k = boot(true);
        CorrectedErrorsCollector cec = k.cec().orElseThrow();
        cec.actionThreshold(5);
        for (int i = 0; i < 4; i++) {
            dramCe(k, 0x40000);
        }
        assertEquals(List.of(), device);
        assertEquals(4, cec.count(0x40));
        assertEquals(3, cec.generation(0x40));
        dramCe(k, 0x40000);
        assertEquals(1, device.size());
        assertTrue(k.log().contains("RAS: Soft-offlining pfn: 0x40"));
    }

    @Test
    void actionThresholdIsClampedToTheCountMaximum() {
        CorrectedErrorsCollector cec = boot(true).cec().orElseThrow();
        cec.actionThreshold(5000);
        assertEquals(1023, cec.actionThreshold());
        cec.actionThreshold(-1); // u64 max
        assertEquals(1023, cec.actionThreshold());
    }

    @Test
    void every128InsertionsDecayAllGenerations() {
        SimulatedKernel k = boot(true);
        CorrectedErrorsCollector cec = k.cec().orElseThrow();
        cec.actionThreshold(1023);
        cec.addElem(1, 0);
        for (int i = 0; i < 126; i++) {
            cec.addElem(1000 + i, 0);
        }
        assertEquals(3, cec.generation(1), "127 insertions: no cleaning yet");
        cec.addElem(2000, 0);
        assertEquals(2, cec.generation(1));
        assertEquals(2, cec.generation(2000), "the 128th is decayed with the rest");
        cec.addElem(1, 0);
        assertEquals(3, cec.generation(1), "a hit refreshes the generation");
        assertEquals(2, cec.count(1));
        assertTrue(cec.show().contains("Decays: 1\n"));
    }

    @Test
    void aFullArrayDropsTheElementWithTheLowestGenerationAndCountEvenOnAHit() {
        SimulatedKernel k = boot(true);
        CorrectedErrorsCollector cec = k.cec().orElseThrow();
        cec.actionThreshold(1023);
        int max = CorrectedErrorsCollector.MAX_ELEMS;
        for (int i = 0; i < max; i++) {
            cec.addElem(100 + i, 0);
            if (i != 7 && i != max - 1) {
                cec.addElem(100 + i, 0); // every page twice but 107 and the last one
            }
        }
        assertEquals(max, cec.size());
        cec.addElem(5, 0);
        assertEquals(max, cec.size());
        assertEquals(0, cec.count(107), "an old page seen once is the least recently used");
        assertEquals(1, cec.count(100 + max - 1), "the newest page seen once stays");
        assertEquals(1, cec.count(5));
        // cec.c frees a slot before it looks the pfn up: a hit on a full array evicts too
        cec.addElem(5, 0);
        assertEquals(max - 1, cec.size());
        assertEquals(2, cec.count(5));
        assertEquals(0, cec.count(100), "the first of the fully decayed pages");
    }

    @Test
    void theDecayWorkRunsFirstAfter86400JiffiesThenEveryDecayInterval() {
        SimulatedKernel k = boot(true);
        CorrectedErrorsCollector cec = k.cec().orElseThrow();
        cec.addElem(9, 0);
        k.advanceBy(86 * SECOND);
        assertEquals(3, cec.generation(9));
        k.advanceBy(SECOND);
        assertEquals(2, cec.generation(9), "cec_init schedules 86400 jiffies, not seconds");
        k.advanceBy(86_400 * SECOND - 2 * SECOND);
        assertEquals(2, cec.generation(9));
        k.advanceBy(2 * SECOND);
        assertEquals(1, cec.generation(9));
        assertTrue(cec.decayInterval(3600));
        k.advanceBy(3600 * SECOND);
        assertEquals(0, cec.generation(9));
        k.advanceBy(3600 * SECOND);
        assertEquals(0, cec.generation(9), "the generation stops at 00b");
    }

    @Test
    void decayIntervalOutsideOneHourToThirtyDaysIsRefused() {
        CorrectedErrorsCollector cec = boot(true).cec().orElseThrow();
        assertFalse(cec.decayInterval(3599));
        assertFalse(cec.decayInterval(30L * 86_400 + 1));
        assertEquals(86_400, cec.decayInterval());
        assertTrue(cec.decayInterval(30L * 86_400));
    }

    @Test
    void aPfnBeyondRamIsReportedInvalidAndNotQueued() {
        SimulatedKernel k = boot(true);
        CorrectedErrorsCollector cec = k.cec().orElseThrow();
        long beyond = k.memoryFailure().memory().pageCount() + 10;
        cec.debugfsPfn(beyond, 0);
        assertEquals(1, cec.count(beyond));
        cec.debugfsPfn(beyond, 0);
        assertTrue(k.log().contains(String.format("RAS: CEC: Invalid pfn: 0x%x", beyond)));
        assertEquals(0, k.memoryFailureQueue().pending(0));
        assertEquals(beyond, cec.debugfsPfn());
        assertTrue(cec.show().contains("offlined pages: 0\n"));
    }

    @Test
    void arrayShowPrintsElementsAndStatisticsLikeCecC() {
        CorrectedErrorsCollector cec = boot(true).cec().orElseThrow();
        cec.actionThreshold(10);
        cec.addElem(0x2a, 0);
        cec.addElem(0x2a, 0);
        cec.addElem(0x3, 0);
        assertEquals("""
                { n: 2
                   0: [0000000000000003|11|001]
                   1: [000000000000002a|11|002]
                }
                Stats:
                CEs: 3
                offlined pages: 0
                Flags: 0x0
                Decay interval: 86400 seconds
                Decays: 0
                Action threshold: 10
                """, cec.show());
    }

    @Test
    void memoryFailureQueueHolds16RequestsPerCpuAndDropsTheRestWithAMessage() {
        SimulatedKernel k = boot(false);
        MemoryFailureQueue q = k.memoryFailureQueue();
        for (int i = 0; i < MemoryFailureQueue.FIFO_SIZE; i++) {
            assertTrue(q.queue(1, 0x100 + i, MfFlags.SOFT_OFFLINE));
        }
        assertFalse(q.queue(1, 0x200, MfFlags.SOFT_OFFLINE));
        assertTrue(k.log().contains("Memory failure: buffer overflow when queuing memory failure at 0x200"));
        assertTrue(q.queue(0, 0x300, 0), "another CPU has its own kfifo");
        assertEquals(16, q.pending(1));
        k.runDeferredWork();
        assertEquals(0, q.pending(1));
        for (int i = 0; i < MemoryFailureQueue.FIFO_SIZE; i++) {
            assertTrue(k.memoryFailure().memory().page(0x100 + i).hwPoison());
        }
        assertFalse(k.memoryFailure().memory().page(0x200).hwPoison());
        assertTrue(k.memoryFailure().memory().page(0x300).hwPoison(), "flags without MF_SOFT_OFFLINE: memory_failure");
        assertTrue(k.log().contains("Memory failure: 0x300: recovery action for free buddy page: Recovered"));
    }

    @Test
    void theSeedKernelHasNoCec() {
        SimulatedKernel.Builder b = new SimulatedKernel.Builder(
                new Machine(CpuProfiles.skylakeServer(), new Topology(1, 1, 1))).kernel(KernelProfile.V4_0).cec(true);
        assertThrows(IllegalArgumentException.class, b::boot);
    }
}
