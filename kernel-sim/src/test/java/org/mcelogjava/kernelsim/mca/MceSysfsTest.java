package org.mcelogjava.kernelsim.mca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;

/** sysfs knobs that act on the running machine. */
class MceSysfsTest {

    private final SimulatedKernel k = new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(),
            Topology.flat(2))).boot();

    @Test
    void checkIntervalRestartsTimers() {
        k.sysfs().checkInterval(10);
        assertEquals(10_000, k.pollTimers().nextInterval(0));
        assertEquals(10_000, k.pollTimers().expires(0));
        k.sysfs().checkInterval(0);
        assertEquals(-1, k.pollTimers().expires(0));
    }

    @Test
    void ignoreCeStopsTimersAndCmci() {
        k.sysfs().ignoreCe(true);
        assertEquals(-1, k.pollTimers().expires(1));
        assertTrue(k.cmci().owned(0).isEmpty());
        k.sysfs().ignoreCe(false);
        assertFalse(k.cmci().owned(0).isEmpty());
        assertEquals(300_000, k.pollTimers().expires(1));
    }

    @Test
    void cmciDisabledHandsBanksBackToThePoller() {
        k.sysfs().cmciDisabled(true);
        assertTrue(k.context().cpu(0).pollBanks().get(5));
        k.hardware().corrected(0, 5, 0x90);
        assertEquals(0x9000000000000090L | (1L << 38), k.machine().cpu(0).bank(5).status(), "no CMCI: left for the poll");
        k.advanceTo(k.pollTimers().expires(0) * 1_000_000L);
        assertEquals(0, k.machine().cpu(0).bank(5).status());
    }

    @Test
    void zeroBankMaskHidesTheBank() {
        assertTrue(k.sysfs().bank(0, 3, 0));
        k.sysfs().cmciDisabled(true);
        k.hardware().corrected(0, 3, 0x90);
        k.advanceTo(k.pollTimers().expires(0) * 1_000_000L);
        assertTrue(k.machine().cpu(0).bank(3).status() != 0);
    }
}
