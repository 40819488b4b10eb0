package org.mcelogjava.kernelsim.service;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.clock.ScaledClock;
import org.mcelogjava.kernelsim.dev.ErrnoException;
import org.mcelogjava.protocol.device.Errno;

/**
 * The one thread that runs the simulated kernel, as a machine's CPUs run its kernel code: it fires
 * the timers whose time has come (real-time clocks), runs the work other threads hand it (a
 * device write, a sysfs store), and after each runs the deferred work (irq_work, workqueue) that
 * delivers records to {@code /dev/mcelog}.
 *
 * <p>The engine never waits for a client: a server thread that needs the engine queues a task and
 * waits for its result itself, the way a process sits in a system call; what the engine hands
 * back to clients (poll wake-ups) only queues work on their event loops.
 */
public final class EngineThread implements AutoCloseable {

    /** How long a caller waits for the engine before reporting it stuck (a runaway injection). */
    private static final long CALL_TIMEOUT_SECONDS = 60;

    private final SimulatedKernel kernel;
    private final double factor;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param kernel the booted kernel; from now on only this thread touches it
     */
    public EngineThread(SimulatedKernel kernel) {
        this.kernel = kernel;
        this.factor = kernel.context().clock() instanceof ScaledClock s ? s.factor() : 0;
        this.thread = new Thread(this::loop, "mce-sim-engine");
        this.thread.setDaemon(true);
    }

    /** Starts the loop. */
    public void start() {
        thread.start();
    }

    /** Runs {@code task} on the engine and returns its result; rethrows what it threw. */
    public <T> T call(Callable<T> task) throws Exception {
        if (Thread.currentThread() == thread) {
            return task.call();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the engine did not answer within " + CALL_TIMEOUT_SECONDS + " s", e);
        }
    }

    /**
     * {@link #call} as a system call sees it: the task's ErrnoException as is, an
     * IllegalArgumentException as EINVAL, anything else as EIO.
     */
    public <T> T syscall(Callable<T> task) throws ErrnoException {
        try {
            return call(task);
        } catch (ErrnoException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ErrnoException(Errno.EINVAL, e.getMessage());
        } catch (Exception e) {
            throw new ErrnoException(Errno.EIO, String.valueOf(e.getMessage()));
        }
    }

    /** Queues {@code task} on the engine without waiting. */
    public void submit(Runnable task) {
        if (!running) {
            throw new IllegalStateException("the engine has stopped");
        }
        tasks.add(task);
    }

    private void loop() {
        while (running) {
            Runnable task;
            try {
                task = tasks.poll(realWaitNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (task != null) {
                task.run();
                kernel.runDeferredWork();
            }
            if (factor > 0) {
                kernel.runDueTimers();
            }
        }
    }

    /**
     * Real time until the next kernel timer is due; a stepped clock only moves when told to, and a
     * halted (panicked) machine runs no timers.
     */
    private long realWaitNanos() {
        if (factor == 0 || kernel.halted()) {
            return Long.MAX_VALUE;
        }
        long next = kernel.timers().nextDeadline();
        if (next == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long simDelta = next - kernel.context().clock().nanoTime();
        return simDelta <= 0 ? 0 : Math.max(1, (long) (simDelta / factor));
    }

    /** Stops the loop after the task running now; queued tasks are dropped. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
