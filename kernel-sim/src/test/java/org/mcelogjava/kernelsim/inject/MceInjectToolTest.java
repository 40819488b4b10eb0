package org.mcelogjava.kernelsim.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mca.MceConfig;
import org.mcelogjava.protocol.mce.Mce;

/** mce-inject's delivery: validation, HOLD, dummies, broadcast, and the kernel's injectm. */
class MceInjectToolTest {

    private final List<Mce> delivered = new ArrayList<>();
    private final SimulatedKernel kernel = new SimulatedKernel.Builder(
            new Machine(CpuProfiles.skylakeServer(), Topology.flat(4)))
            .config(new MceConfig().fakePanic(true)).mcelog(delivered::add).boot();
    private final MceInjectTool tool = new MceInjectTool(kernel.injector(), 4, 19, false);

    private void run(String text) throws InjectSyntaxException {
        tool.run(List.of(new InjectSource("t", text)));
        kernel.runDeferredWork();
    }

    @Test
    void offlineCpuIsALocatedError() {
        InjectSyntaxException e = assertThrows(InjectSyntaxException.class,
                () -> run("CPU 0 STATUS CORRECTED\nCPU 5 STATUS CORRECTED\n"));
        assertEquals("t:2: CPU 5: not online (this machine has CPUs 0-3)", e.getMessage());
        assertEquals(1, tool.submittedRecords(), "the record before it was injected");
    }

    @Test
    void bankBeyondTheLastSysfsBankIsAnErrorAtItsLineWithTheValueAsWritten() {
        InjectSyntaxException e = assertThrows(InjectSyntaxException.class, () -> run("CPU 0 BANK 20 STATUS 0"));
        assertEquals("t:1: BANK 20: no such bank (this CPU has banks 0-19)", e.getMessage());
        // mce-inject truncated 400 to bank 144 and named the line of the next record
        e = assertThrows(InjectSyntaxException.class, () -> run("CPU 1\n BANK 400\n STATUS CORRECTED\nCPU 2 STATUS 0\n"));
        assertEquals("t:2: BANK 400: no such bank (this CPU has banks 0-19)", e.getMessage());
        assertEquals(0, delivered.size());
    }

    @Test
    void heldRecordsAtEndOfInputAreNeverInjected() throws Exception {
        run("CPU 1 BANK 1 STATUS CORRECTED HOLD");
        assertEquals(0, delivered.size());
        assertEquals(0, kernel.context().cpu(1).injectm().finished());
    }

    @Test
    void aPollTriggerForcesNobroadcastButStillDeliversParkedRecords() throws Exception {
        run("CPU 2 BANK 3 STATUS CORRECTED HOLD\nCPU 0 BANK 0 STATUS 0\n");
        assertEquals(1, delivered.size());
        assertEquals(2, delivered.get(0).extcpu());
        assertEquals(0, kernel.context().cpu(1).exceptionCount(), "no dummy #MC for a poll trigger");
        assertEquals(0, kernel.context().cpu(2).injectm().finished(), "raised and disarmed");
    }

    @Test
    void anExceptionTriggerSendsDummiesToEveryOtherCpu() throws Exception {
        run("CPU 1 BANK 2 STATUS UNCORRECTED SRAO 0xc0 MCGSTATUS RIPV MCIP ADDR 0x5000 MISC 0x8c RIP 0x73:0x400000");
        for (int c = 0; c < 4; c++) {
            assertEquals(1, kernel.context().cpu(c).exceptionCount(), "cpu " + c);
        }
        assertEquals(1, delivered.size());
        assertTrue(kernel.log().contains("mce-inject: Triggering MCE exception on CPU 1"));
        assertTrue(kernel.log().contains("Memory failure: 0x5: recovery action for free buddy page: Recovered"));
    }

    @Test
    void aParkedPollRecordIsNotRaisedByAnIrqBroadcastAndStaysArmed() throws Exception {
        run("CPU 3 BANK 1 STATUS CORRECTED POLL HOLD\n"
                + "CPU 0 BANK 2 STATUS UNCORRECTED SRAO MCGSTATUS RIPV MCIP ADDR 0x1000 IRQBROADCAST NOBROADCAST");
        assertEquals(1, kernel.context().cpu(3).injectm().finished(), "mce_irq_ipi ignores non-exception records");
        assertTrue(kernel.log().contains("Timeout waiting for mce inject 8"));
        assertTrue(kernel.log().contains("Timeout: Not all CPUs entered broadcast exception handler"));
    }
}
