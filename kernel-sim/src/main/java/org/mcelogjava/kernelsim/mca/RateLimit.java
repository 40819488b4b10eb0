package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.kernelsim.clock.KernelClock;

/** {@code DEFINE_RATELIMIT_STATE(interval, burst)} / {@code __ratelimit()}. */
public final class RateLimit {

    private final KernelClock clock;
    private final long intervalNanos;
    private final int burst;
    private long begin = Long.MIN_VALUE;
    private int printed;

    public RateLimit(KernelClock clock, long intervalNanos, int burst) {
        this.clock = clock;
        this.intervalNanos = intervalNanos;
        this.burst = burst;
    }

    public synchronized boolean allow() {
        long now = clock.nanoTime();
        if (begin == Long.MIN_VALUE || now - begin >= intervalNanos) {
            begin = now;
            printed = 0;
        }
        if (printed < burst) {
            printed++;
            return true;
        }
        return false;
    }
}
