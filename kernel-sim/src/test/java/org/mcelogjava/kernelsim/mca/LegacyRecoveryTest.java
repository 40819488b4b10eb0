package org.mcelogjava.kernelsim.mca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;

/** The seed era's deferred paths: mce_ring, mce_report_event, irq_work and mce_process_work. */
class LegacyRecoveryTest {

    private final SimulatedKernel k = new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(),
            Topology.flat(2))).kernel(KernelProfile.V4_0).boot();

    @Test
    void ringHoldsFifteenPfns() {
        MceRing ring = new MceRing();
        for (int i = 0; i < 15; i++) {
            assertTrue(ring.add(i));
        }
        assertFalse(ring.add(99), "one slot stays unused");
        assertEquals(0, ring.get());
    }

    @Test
    void actionOptionalFromMachineCheckGoesThroughTheRingToMemoryFailure() {
        k.hardware().error(0, 7, 0xbd000000000000c0L, 0x42000, 0x8c, 5, Regs.interruptedKernel());
        assertTrue(k.legacyRecovery().ring(0).isEmpty(), "drained by mce_process_work");
        assertTrue(k.log().contains("Memory failure: 0x42: recovery action for free buddy page: Recovered"));
    }

    @Test
    void reportEventWithInterruptsOffDefersToIrqWork() {
        k.legacyRecovery().ring(1).add(0x77);
        k.legacyRecovery().reportEvent(1, new Regs(0, 0x10, false, false));
        assertFalse(k.deferredWork().idle(), "irq_work queued, nothing ran yet");
        k.runDeferredWork();
        assertTrue(k.log().contains("Memory failure: 0x77: recovery action for free buddy page: Recovered"));
    }

    @Test
    void ucnaFoundByThePollerIsQueuedToo() {
        k.hardware().error(1, 2, 0xbc00000000000090L, 0x99000, 0x8c, 0, null); // UCNA: signalled by CMCI
        assertTrue(k.log().contains("Memory failure: 0x99: recovery action for free buddy page: Recovered"));
    }
}
