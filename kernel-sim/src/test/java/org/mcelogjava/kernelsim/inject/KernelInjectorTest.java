package org.mcelogjava.kernelsim.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mca.MceConfig;
import org.mcelogjava.kernelsim.mm.Task;
import org.mcelogjava.protocol.mce.Mce;

/** The mce-inject module's raise of records written together ({@link KernelInjector#writeTogether}). */
class KernelInjectorTest {

    /**
     * Any device client may send two records for one CPU in one WRITE_TOGETHER; mce-inject never
     * does. A CPU runs one writer at a time: the second record raises after the first, and the CPU's
     * own task is current again afterwards.
     */
    @Test
    void twoRecordsForOneCpuRaiseOneAfterTheOther() {
        SimulatedKernel kernel = new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(), Topology.flat(1)))
                .config(new MceConfig().fakePanic(true))
                .boot();
        Task idle = kernel.context().cpu(0).current();
        Mce bank1 = Mce.builder().status(0x9000000000000000L).mcgstatus(0x5).bank(1)
                .injectFlags(InjectFlags.CTX_PROCESS | InjectFlags.EXCEPTION).build();

        kernel.injector().writeTogether(List.of(bank1, bank1.toBuilder().bank(2).build()),
                cpu -> new Task(MceInjectTool.PID + cpu, "mce-inject"));

        assertEquals(2, kernel.context().cpu(0).exceptionCount(), "two #MCs, one per write");
        assertSame(idle, kernel.context().cpu(0).current(), "the CPU's own task runs again");
    }
}
