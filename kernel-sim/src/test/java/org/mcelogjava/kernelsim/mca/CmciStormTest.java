package org.mcelogjava.kernelsim.mca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.McaBank;
import org.mcelogjava.kernelsim.machine.Topology;

/** CMCI ownership and both generations of storm handling, on the stepped clock. */
class CmciStormTest {

    private static final long MS = 1_000_000L;

    private static SimulatedKernel boot(KernelProfile k, int cpus) {
        return new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(), Topology.flat(cpus)))
                .kernel(k).boot();
    }

    @Test
    void firstCpuOwnsASharedBankAndTheOthersStopPollingIt() {
        SimulatedKernel k = boot(KernelProfile.V6_12, 4);
        assertTrue(k.cmci().owned(0).get(5), "package bank 5 claimed by CPU 0");
        assertFalse(k.cmci().owned(1).get(5));
        assertFalse(k.context().cpu(1).pollBanks().get(5));
        assertTrue(k.cmci().owned(1).get(0), "core bank 0 of CPU 1 is its own");
        assertEquals(McaBank.CTL2_CMCI_EN | 1, k.machine().cpu(0).bank(5).ctl2());
    }

    @Test
    void offlineCpuHandsItsBanksToTheNextClaimant() {
        SimulatedKernel k = boot(KernelProfile.V6_12, 4);
        k.cmci().clear(0);
        k.cmci().rediscover(0);
        assertTrue(k.cmci().owned(1).get(5));
    }

    @Test
    void perBankStormStartsAfterFiveCmcisAndEndsAfterThirtyCleanPolls() {
        SimulatedKernel k = boot(KernelProfile.V6_12, 2);
        for (int i = 0; i < 4; i++) {
            k.hardware().corrected(0, 5, 0x0090);
            k.advanceBy(100 * MS);
        }
        assertFalse(k.storms().inStorm(0, 5));
        k.hardware().corrected(0, 5, 0x0090);
        assertTrue(k.storms().inStorm(0, 5));
        assertTrue(k.log().contains("CPU0 BANK5 CMCI storm detected"));
        assertEquals(Cmci.CMCI_STORM_THRESHOLD, k.machine().cpu(0).bank(5).ctl2() & McaBank.CTL2_THRESHOLD_MASK);
        assertTrue(k.context().cpu(0).pollBanks().get(5), "a stormy bank is polled");
        assertTrue(k.pollTimers().inPollMode(0));
        long start = k.context().clock().nanoTime();
        int polls = 0;
        while (k.storms().inStorm(0, 5)) {
            k.advanceTo(k.pollTimers().expires(0) * MS);
            polls++;
        }
        assertEquals(30, polls);
        assertTrue(k.context().clock().nanoTime() - start <= 31_000 * MS);
        assertTrue(k.log().contains("CPU0 BANK5 CMCI storm subsided"));
        assertEquals(1, k.machine().cpu(0).bank(5).ctl2() & McaBank.CTL2_THRESHOLD_MASK);
        assertFalse(k.context().cpu(0).pollBanks().get(5));
        assertFalse(k.pollTimers().inPollMode(0));
    }

    @Test
    void errorsDuringAStormKeepItGoingAndAreLoggedByThePoll() {
        SimulatedKernel k = boot(KernelProfile.V6_12, 2);
        for (int i = 0; i < 5; i++) {
            k.hardware().corrected(0, 5, 0x0090);
        }
        for (int i = 0; i < 40; i++) {
            k.hardware().corrected(0, 5, 0x0090);
            k.advanceTo(k.pollTimers().expires(0) * MS);
        }
        assertTrue(k.storms().inStorm(0, 5));
    }

    @Test
    void oldStormSwitchesTheCpuToPollModeAfterFifteenCmcisInASecond() {
        SimulatedKernel k = boot(KernelProfile.V4_0, 2);
        for (int i = 0; i < 15; i++) {
            k.hardware().corrected(0, 1, 0x0090);
        }
        assertEquals(Cmci.StormState.NONE, k.cmci().oldStormState(0));
        k.hardware().corrected(0, 1, 0x0090);
        assertEquals(Cmci.StormState.ACTIVE, k.cmci().oldStormState(0));
        assertTrue(k.log().contains("CMCI storm detected: switching to poll mode"));
        assertEquals(0, k.machine().cpu(0).bank(1).ctl2() & McaBank.CTL2_CMCI_EN, "CMCI off during the storm");
        int polls = 0;
        while (k.cmci().oldStormState(0) == Cmci.StormState.ACTIVE) {
            k.advanceTo(k.pollTimers().expires(0) * MS);
            polls++;
        }
        // The 16th error (its CMCI was swallowed by the detection) is logged by the first storm
        // poll, which resets the backoff; then 300 consecutive quiet polls.
        assertEquals(301, polls);
        assertTrue(k.log().contains("CMCI storm subsided: switching to interrupt mode"));
        assertEquals(Cmci.StormState.NONE, k.cmci().oldStormState(0), "no other CPU in storm: interrupts back");
        assertEquals(McaBank.CTL2_CMCI_EN, k.machine().cpu(0).bank(1).ctl2() & McaBank.CTL2_CMCI_EN);
    }

    @Test
    void oldStormWaitsForEveryCpuBeforeReenablingInterrupts() {
        SimulatedKernel k = boot(KernelProfile.V4_0, 2);
        for (int i = 0; i < 16; i++) {
            k.hardware().corrected(0, 1, 0x0090);
        }
        k.advanceBy(500 * MS);
        for (int i = 0; i < 16; i++) {
            k.hardware().corrected(1, 1, 0x0090);
        }
        assertEquals(Cmci.StormState.ACTIVE, k.cmci().oldStormState(1));
        while (k.cmci().oldStormState(0) == Cmci.StormState.ACTIVE) {
            k.advanceTo(Math.min(k.pollTimers().expires(0), k.pollTimers().expires(1)) * MS);
        }
        assertEquals(Cmci.StormState.SUBSIDED, k.cmci().oldStormState(0), "CPU 1 is still stormy");
        while (k.cmci().oldStormState(1) != Cmci.StormState.NONE) {
            k.advanceTo(Math.min(k.pollTimers().expires(0), k.pollTimers().expires(1)) * MS);
        }
        k.advanceBy(31_000 * MS);
        assertEquals(Cmci.StormState.NONE, k.cmci().oldStormState(0));
    }
}
