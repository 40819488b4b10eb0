package org.mcelogjava.kernelsim.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * the trigger, and the tool's spin barrier releases the two threads together (mce-inject.md §1.6
 * point 6). mce-test panic_noser/uc_over_corrected, on a non-SER CPU.
 *
 * <p>By default the two writes raise concurrently: each write's {@code raise_mce()} (inject.c)
 * runs {@code raise_local()} → {@code raise_exception()} → {@code do_machine_check()} on its own
 * CPU, and the trigger's NMI broadcast brings the two CPUs armed with RANDOM dummies, so all four
 * call in at {@code mce_start()} (core.c). cpu 0's bank grades PANIC in {@code mce_no_way_out()}
 * (severity.c's non-SER row "Overflowed uncorrected": UC and OVER), {@code mce_start()} spreads it
 * through {@code global_nwo}, so {@code __mc_scan_banks()} on cpu 1 logs its corrected record too,
 * and {@code mce_reign()} panics "Fatal machine check" with the worst record's message.
 *
 * <p>With the kernel option {@link MceConfig#injectMutex} the writes are serialised as Linux 6.12's
 * {@code mce_inject_raise()} serialises them, holding {@code mce_inject_mutex} around
 * {@code raise_mce()}: the trigger's #MC waits in {@code mce_start()} for cpu 1, whose writer
 * waits on the mutex, and {@code mce_timed_out()} panics; cpu 1's own #MC follows, alone.
 */
class ProcessContextHoldTest {

    /** mce-test's input, the conformance case's fixture (test resources, inject/). */
    private static final String INPUT = "panic_noser.uc_over_corrected.inject";

    private final List<String> panics = new ArrayList<>();
    private final List<Mce> logged = new ArrayList<>();

    private static InjectSource input() throws IOException {
        try (InputStream in = ProcessContextHoldTest.class.getResourceAsStream("/inject/" + INPUT)) {
            if (in == null) {
                throw new IOException("missing test resource /inject/" + INPUT);
            }
            return new InjectSource(INPUT, new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
    }

    private SimulatedKernel boot(boolean injectMutex) {
        return new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer().withSer(false), Topology.flat(4)))
                .config(new MceConfig().fakePanic(true).injectMutex(injectMutex))
                .observer(new MceObserver() {
                    @Override
                    public synchronized void panic(String message, Mce fin, String exception, boolean fake) {
                        panics.add(message);
                    }

                    @Override
                    public synchronized void logged(Mce m) {
                        logged.add(m);
                    }
                })
                .boot();
    }

    @Test
    void byDefaultAProcessContextHoldRecordIsRaisedInTheTriggersRendezvous() throws Exception {
        SimulatedKernel kernel = boot(false);
        new MceInjectTool(kernel.injector(), 4, 19, false).run(List.of(input()));
        kernel.runDeferredWork();

        assertEquals(List.of("Fatal machine check"), panics, "mce_reign() panics once, on cpu 0's PANIC record");
        assertFalse(kernel.log().contains("CPUs not responding to MCE broadcast"), "all four CPUs called in");
        assertEquals(List.of("0/2", "1/1"), logged.stream().map(m -> m.extcpu() + "/" + m.bank()).toList(),
                "cpu 1's corrected record is logged too: no_way_out reached every CPU through global_nwo");
        assertEquals(1, kernel.context().cpu(1).exceptionCount(), "cpu 1 took its #MC once, in the rendezvous");
        assertTrue(kernel.context().clock().nanoTime() < 1_000_000_000L,
                "the rendezvous completed before monarch_timeout (1 s): " + kernel.context().clock().nanoTime() + " ns");
    }

    @Test
    void withTheInjectMutexTheHoldRecordIsRaisedAfterTheTriggerNotInItsRendezvous() throws Exception {
        SimulatedKernel kernel = boot(true);
        new MceInjectTool(kernel.injector(), 4, 19, false).run(List.of(input()));
        kernel.runDeferredWork();

        assertEquals("Timeout: Not all CPUs entered broadcast exception handler", panics.get(0));
        assertTrue(kernel.log().contains("CPUs not responding to MCE broadcast (may include false positives): 1"),
                "the trigger's rendezvous (cpus 0, 2, 3) misses cpu 1");
        assertEquals(1, kernel.context().cpu(1).exceptionCount(), "cpu 1 still takes its own #MC, later");
        assertEquals(2_000_000_000L, kernel.context().clock().nanoTime(),
                "two rendezvous, one after the other, each timing out after monarch_timeout");
    }
}
