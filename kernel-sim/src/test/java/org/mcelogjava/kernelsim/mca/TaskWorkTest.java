package org.mcelogjava.kernelsim.mca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mm.Signal;
import org.mcelogjava.kernelsim.mm.Task;
import org.mcelogjava.protocol.mce.Mce;

/** queue_task_work's limits and the kill_me_maybe / kill_me_now callbacks (local machine checks in user mode). */
class TaskWorkTest {

    private static final long SRAR_DATA = 0xbd80000000000134L;
    private static final long LMCE_MCG = 0xf; // RIPV|EIPV|MCIP|LMCES
    private static final Regs USER = new Regs(0x400000, 0x33, true, false);

    private final List<String> panics = new ArrayList<>();
    private final SimulatedKernel k = new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(),
            Topology.flat(2))).config(new MceConfig().fakePanic(true)).observer(new MceObserver() {
                @Override
                public void panic(String message, Mce fin, String exception, boolean fake) {
                    panics.add(message);
                }
            }).boot();
    private final Task task = new Task(500, "victim");

    TaskWorkTest() {
        k.context().cpu(1).current(task);
    }

    private void srar(long addr, long misc) {
        k.hardware().error(1, 1, SRAR_DATA, addr, misc, LMCE_MCG, USER);
    }

    @Test
    void secondMachineCheckOnTheSamePageBeforeReturningIsQueuedOnce() {
        srar(0x5000, 0x8c);
        srar(0x5040, 0x86);
        assertEquals(2, task.mceCount());
        assertTrue(panics.isEmpty());
        task.returnToUser();
        assertEquals(0, task.mceCount());
        assertTrue(k.log().contains("Memory failure: 0x5: recovery action for free buddy page: Recovered"));
    }

    @Test
    void consecutiveMachineChecksToDifferentPagesPanic() {
        srar(0x5000, 0x8c);
        srar(0x9000, 0x8c);
        assertEquals(List.of("Consecutive machine checks to different user pages"), panics);
    }

    @Test
    void moreThanTenPanic() {
        for (int i = 0; i < 11; i++) {
            srar(0x5000, 0x8c);
        }
        assertEquals(List.of("Too many consecutive machine checks while accessing user data"), panics);
    }

    @Test
    void anUnusableAddressKillsWithAPlainSigbus() {
        srar(0x5000, 0x0); // MISCV set but LSB 0 / mode 0: not a physical address
        task.returnToUser();
        assertEquals(List.of(new Signal(500, Signal.Code.SI_KERNEL, 0, 0)), task.signals());
    }
}
