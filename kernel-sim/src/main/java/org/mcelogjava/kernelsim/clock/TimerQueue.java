package org.mcelogjava.kernelsim.clock;

import java.util.PriorityQueue;

/**
 * The simulated timer wheel: callbacks armed at absolute nanosecond deadlines, run in deadline
 * order (ties in arming order). With a {@link SteppedClock}, {@link #advanceTo} moves the clock
 * to each deadline before running its callback, so a callback always sees "now" equal to the
 * time it was due; with a {@link ScaledClock}, a driver calls {@link #runDue()}.
 */
public final class TimerQueue {

    /** A pending timer; {@link #cancel()} is {@code del_timer()}. */
    public static final class Timer {
        private final long deadline;
        private final long seq;
        private final Runnable callback;
        private boolean cancelled;

        private Timer(long deadline, long seq, Runnable callback) {
            this.deadline = deadline;
            this.seq = seq;
            this.callback = callback;
        }

        public long deadline() {
            return deadline;
        }

        public void cancel() {
            cancelled = true;
        }

        public boolean pending() {
            return !cancelled;
        }
    }

    private final KernelClock clock;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> a.deadline != b.deadline
            ? Long.compare(a.deadline, b.deadline) : Long.compare(a.seq, b.seq));
    private long seq;

    public TimerQueue(KernelClock clock) {
        this.clock = clock;
    }

    public KernelClock clock() {
        return clock;
    }

    /** Arms a one-shot timer at absolute time {@code deadlineNanos}. */
    public Timer schedule(long deadlineNanos, Runnable callback) {
        Timer t = new Timer(deadlineNanos, seq++, callback);
        queue.add(t);
        return t;
    }

    /** Runs every timer whose deadline has passed on the clock. */
    public void runDue() {
        long now = clock.nanoTime();
        Timer t;
        while ((t = queue.peek()) != null && t.deadline <= now) {
            queue.poll();
            fire(t);
        }
    }

    /** Stepped mode: run timers in order up to {@code nanos}, moving the clock to each deadline. */
    public void advanceTo(long nanos) {
        SteppedClock stepped = (SteppedClock) clock;
        Timer t;
        while ((t = queue.peek()) != null && t.deadline <= nanos) {
            queue.poll();
            if (t.cancelled) {
                continue;
            }
            stepped.setNanoTime(Math.max(t.deadline, stepped.nanoTime()));
            fire(t);
        }
        stepped.setNanoTime(Math.max(nanos, stepped.nanoTime()));
    }

    /** The earliest live deadline, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        Timer t;
        while ((t = queue.peek()) != null && t.cancelled) {
            queue.poll();
        }
        return t == null ? Long.MAX_VALUE : t.deadline;
    }

    private void fire(Timer t) {
        if (!t.cancelled) {
            t.cancelled = true;
            t.callback.run();
        }
    }
}
