package org.mcelogjava.kernelsim.service;

import java.util.List;
import java.util.concurrent.Callable;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.dev.LegacyInjector;
import org.mcelogjava.kernelsim.inject.MceInjectTool;
import org.mcelogjava.kernelsim.mm.Task;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The mce-inject module on the running simulator's {@code mce_injector_chain}: a record written to
 * {@code /dev/mcelog} ({@code mce_chrdev_write} → {@code mce_inject_raise}) is raised on the engine
 * while the writing client waits. The writer is a user task on the record's CPU, as mce-inject's
 * thread pinned there is (pid {@link MceInjectTool#PID} + cpu, the task {@code replay} uses), so an
 * action-required error in user mode signals it rather than the CPU's idle task.
 *
 * <p>Writes that arrive together (WRITE_TOGETHER) go to
 * {@link org.mcelogjava.kernelsim.inject.KernelInjector#writeTogether} in one engine call, so they
 * raise concurrently, or one after another when the kernel is configured with
 * {@link org.mcelogjava.kernelsim.mca.MceConfig#injectMutex()}.
 */
final class DeviceInjection implements LegacyInjector {

    private final EngineThread engine;
    private final SimulatedKernel kernel;

    DeviceInjection(EngineThread engine, SimulatedKernel kernel) {
        this.engine = engine;
        this.kernel = kernel;
    }

    @Override
    public void raise(Mce m) {
        onEngine(() -> kernel.injector().write(m, writer((int) m.extcpu())));
    }

    @Override
    public void raiseTogether(List<Mce> records) {
        onEngine(() -> {
            kernel.injector().writeTogether(records, DeviceInjection::writer);
            return 0;
        });
    }

    private static Task writer(int cpu) {
        return new Task(MceInjectTool.PID + cpu, "mce-inject");
    }

    private void onEngine(Callable<?> raise) {
        try {
            engine.call(raise);
        } catch (Exception e) {
            throw new IllegalStateException("injection failed: " + e.getMessage(), e);
        }
    }
}
