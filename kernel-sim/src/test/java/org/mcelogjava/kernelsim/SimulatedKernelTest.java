package org.mcelogjava.kernelsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mca.Regs;
import org.mcelogjava.protocol.mce.Mce;

/** Boot and warm reboot: leftovers are logged once at boot; panic records go to the persistent store. */
class SimulatedKernelTest {

    private final List<Mce> delivered = new ArrayList<>();
    private final List<Mce> erst = new ArrayList<>();
    private final Machine machine = new Machine(CpuProfiles.skylakeServer(), Topology.flat(4));
    private final SimulatedKernel.Builder builder = new SimulatedKernel.Builder(machine)
            .mcelog(delivered::add).apeiWrite(erst::add);

    @Test
    void aFatalErrorPanicsPersistsAndIsFoundAgainAfterTheReboot() {
        SimulatedKernel first = builder.boot();
        first.hardware().error(1, 6, 0xb200000000000000L | (1L << 56), 0, 0, 5, Regs.interruptedKernel());
        assertTrue(first.halted());
        assertEquals(1, erst.size(), "the final record was written to ERST before panic()");
        assertEquals(0, delivered.size(), "the machine stopped before process context ran");

        SimulatedKernel second = builder.boot();
        second.runDeferredWork();
        assertEquals(1, delivered.size(), "the bank still held the error: logged once by the boot poll");
        assertEquals(6, delivered.get(0).bank());
        assertEquals(0, machine.cpu(3).bank(6).status(), "cleared after logging");
        assertTrue(second.cmci().owned(0).get(6), "CMCI ownership rediscovered after the reset");
    }
}
