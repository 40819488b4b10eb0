package org.mcelogjava.kernelsim.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mca.MceConfig;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.protocol.mce.Mce;

/**
 * A HOLD record marked IN_PROC and EXCP is written by mce-inject's thread on its own CPU, like
 * the trigger. In Linux 6.12 the two writes still cannot raise their #MCs together: inject.c's
 * {@code mce_inject_raise()} takes {@code mce_inject_mutex} around {@code raise_mce()}, which for a
 * PROCESS-context record runs {@code raise_local()} → {@code raise_exception()} →
 * {@code do_machine_check()} to its end, and the trigger's NMI broadcast only kicks CPUs whose
 * {@code injectm} is armed with RANDOM context. So each #MC waits in {@code mce_start()} for a CPU
 * that is not coming, and {@code mce_timed_out()} panics (mce-test panic_noser/uc_over_corrected).
 */
class ProcessContextHoldTest {

    private final List<String> panics = new ArrayList<>();
    private final SimulatedKernel kernel = new SimulatedKernel.Builder(
            new Machine(CpuProfiles.skylakeServer().withSer(false), Topology.flat(4)))
            .config(new MceConfig().fakePanic(true))
            .observer(new MceObserver() {
                @Override
                public synchronized void panic(String message, Mce fin, String exception, boolean fake) {
                    panics.add(message);
                }
            })
            .boot();

    @Test
    void aProcessContextHoldRecordIsRaisedAfterTheTriggerNotInItsRendezvous() throws Exception {
        new MceInjectTool(kernel.injector(), 4, 19, false).run(List.of(new InjectSource("t", """
                CPU 1 BANK 1
                MCGSTATUS RIPV MCIP
                STATUS CORRECTED
                RIP 0x13:0x12345678
                IN_PROC
                EXCP
                HOLD

                CPU 0 BANK 2
                STATUS UNCORRECTED OVER
                MCGSTATUS RIPV EIPV MCIP
                ADDR 0x1234
                RIP 0x10:0xdeadbabe
                """)));
        kernel.runDeferredWork();

        assertEquals("Timeout: Not all CPUs entered broadcast exception handler", panics.get(0));
        assertTrue(kernel.log().contains("CPUs not responding to MCE broadcast (may include false positives): 1"),
                "the trigger's rendezvous (cpus 0, 2, 3) misses cpu 1");
        assertEquals(1, kernel.context().cpu(1).exceptionCount(), "cpu 1 still takes its own #MC, later");
        assertEquals(2_000_000_000L, kernel.context().clock().nanoTime(),
                "two rendezvous, one after the other, each timing out after monarch_timeout");
    }
}
