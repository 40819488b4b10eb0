package org.mcelogjava.kernelsim.mca;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * A deterministic scheduler for CPUs that are inside the #MC handler at the same time. Each CPU's
 * handler runs as straight-line code on its own thread, but only one runs at any moment: a CPU
 * runs until it has to spin ({@link #spinUntil}), then the scheduler picks the next CPU whose
 * condition holds, in round-robin order. When nobody can make progress, virtual time jumps to the
 * next event: a late CPU arriving, or the earliest spin budget running out (that CPU's spin then
 * returns false and it takes its timeout path). A CPU that never arrives is simply not in the
 * arrival list.
 *
 * <p>Spinning follows core.c's loops: each turn costs SPINUNIT (100 ns) of the budget and the
 * loop gives up when less than SPINUNIT is left ({@code mce_timed_out}).
 *
 * <p>If a CPU calls a real panic ({@link KernelPanic}) the others are stopped where they spin,
 * as the kernel's panic stops other CPUs, and {@link #run} rethrows the panic.
 */
public final class CpuInterleaver {

    /** SPINUNIT in ns. */
    public static final long SPINUNIT = 100;

    /**
     * One CPU entering the handler.
     *
     * @param cpu        CPU number (for thread names)
     * @param delayNanos virtual time after the round starts at which it enters
     * @param body       the handler invocation
     */
    public record Arrival(int cpu, long delayNanos, Runnable body) {
    }

    /** The remaining budget of a spin loop (the kernel's local {@code timeout}, in ns). */
    public static final class SpinBudget {
        private long remaining;

        public SpinBudget(long nanos) {
            this.remaining = nanos;
        }

        public long remaining() {
            return remaining;
        }

        long untilTimeout() {
            return remaining / SPINUNIT * SPINUNIT;
        }
    }

    private static final class CpuStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CpuStopped() {
            super(null, null, false, false);
        }
    }

    /**
     * A parked platform thread that runs one CPU's handler per round. Workers are reused across
     * rounds and exit after {@link #IDLE_EXIT_SECONDS} of real idle time.
     */
    private final class Worker {
        final Semaphore go = new Semaphore(0);
        Slot slot;

        void loop() {
            while (true) {
                if (!awaitWork()) {
                    return;
                }
                Slot s = slot;
                self.set(s);
                try {
                    s.arrival.body().run();
                } catch (CpuStopped stopped) {
                    // another CPU panicked; this one never leaves its spin loop
                } catch (KernelPanic p) {
                    if (panic == null) {
                        panic = p;
                    }
                } catch (RuntimeException | Error e) {
                    if (failure == null) {
                        failure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                    }
                } finally {
                    self.remove();
                    slot = null;
                    s.done = true;
                    s.waiting = false;
                    synchronized (idle) {
                        idle.addLast(this);
                    }
                    back.release();
                }
            }
        }

        /** Waits for the next assignment; false when idle for too long and no longer in the idle list. */
        private boolean awaitWork() {
            while (true) {
                try {
                    if (go.tryAcquire(IDLE_EXIT_SECONDS, TimeUnit.SECONDS)) {
                        return true;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                synchronized (idle) {
                    if (idle.remove(this)) {
                        return false;
                    }
                }
                // just taken by the scheduler: its permit is on the way
            }
        }
    }

    /** Real seconds an idle worker thread waits for another round before it exits. */
    static final long IDLE_EXIT_SECONDS = 2;

    private final class Slot {
        final Arrival arrival;
        Worker worker;
        boolean started;
        boolean done;
        boolean waiting;
        boolean stop;
        boolean result;
        BooleanSupplier cond;
        SpinBudget budget;

        Slot(Arrival arrival) {
            this.arrival = arrival;
        }
    }

    private final LongConsumer timePasses;
    private final ThreadFactory threadFactory;
    private final Semaphore back = new Semaphore(0);
    private final ThreadLocal<Slot> self = new ThreadLocal<>();
    private final Deque<Worker> idle = new ArrayDeque<>();
    private KernelPanic panic;
    private RuntimeException failure;

    /**
     * @param timePasses    told how many virtual ns pass while CPUs spin (e.g. {@code SteppedClock::advance})
     * @param threadFactory makes the worker threads that run the handlers (daemon threads are best)
     */
    public CpuInterleaver(LongConsumer timePasses, ThreadFactory threadFactory) {
        this.timePasses = timePasses;
        this.threadFactory = threadFactory;
    }

    /** Daemon threads named "mce-cpu-worker". */
    public static ThreadFactory daemonThreads() {
        return r -> {
            Thread t = new Thread(r, "mce-cpu-worker");
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs one round: every arrival's handler to completion (or to its stop after a panic). */
    public synchronized void run(List<Arrival> arrivals) {
        List<Slot> slots = new ArrayList<>();
        arrivals.stream().sorted(Comparator.comparingLong(Arrival::delayNanos)).forEach(a -> slots.add(new Slot(a)));
        panic = null;
        failure = null;
        long elapsed = 0;
        int rr = 0;
        while (true) {
            for (Slot s : slots) {
                if (!s.started && s.arrival.delayNanos() <= elapsed && panic == null) {
                    start(s);
                }
            }
            if (panic != null || failure != null) {
                for (Slot s : slots) {
                    if (s.waiting) {
                        s.stop = true;
                        resume(s);
                    }
                }
                break;
            }
            Slot pick = null;
            int n = slots.size();
            for (int i = 0; i < n && pick == null; i++) {
                Slot s = slots.get((rr + i) % n);
                if (s.waiting && s.cond.getAsBoolean()) {
                    pick = s;
                    s.result = true;
                    rr = (rr + i + 1) % n;
                }
            }
            for (int i = 0; i < n && pick == null; i++) {
                Slot s = slots.get((rr + i) % n);
                if (s.waiting && s.budget.remaining < SPINUNIT) {
                    pick = s;
                    s.result = false;
                    rr = (rr + i + 1) % n;
                }
            }
            if (pick != null) {
                resume(pick);
                continue;
            }
            long dt = Long.MAX_VALUE;
            for (Slot s : slots) {
                if (s.waiting) {
                    dt = Math.min(dt, s.budget.untilTimeout());
                } else if (!s.started) {
                    dt = Math.min(dt, s.arrival.delayNanos() - elapsed);
                }
            }
            if (dt == Long.MAX_VALUE) {
                break;
            }
            elapsed += dt;
            timePasses.accept(dt);
            for (Slot s : slots) {
                if (s.waiting) {
                    s.budget.remaining -= dt;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (panic != null) {
            throw panic;
        }
    }

    /**
     * Called by a CPU inside {@link #run}: spin until {@code cond} holds (true) or the budget runs
     * out (false). Outside a round the CPU is alone: a false condition can only time out.
     */
    public boolean spinUntil(BooleanSupplier cond, SpinBudget budget) {
        if (cond.getAsBoolean()) {
            return true;
        }
        Slot s = self.get();
        if (s == null) {
            long dt = budget.untilTimeout();
            timePasses.accept(dt);
            budget.remaining -= dt;
            return false;
        }
        s.cond = cond;
        s.budget = budget;
        s.waiting = true;
        back.release();
        s.worker.go.acquireUninterruptibly();
        if (s.stop) {
            throw new CpuStopped();
        }
        return s.result;
    }

    private void start(Slot s) {
        s.started = true;
        Worker w;
        synchronized (idle) {
            w = idle.pollFirst();
        }
        if (w == null) {
            Worker fresh = new Worker();
            threadFactory.newThread(fresh::loop).start();
            w = fresh;
        }
        w.slot = s;
        s.worker = w;
        resume(s);
    }

    private void resume(Slot s) {
        s.waiting = false;
        s.worker.go.release();
        back.acquireUninterruptibly();
    }
}
