package org.mcelogjava.kernelsim.clock;

/**
 * The simulated machine's sense of time: a monotonic nanosecond counter (the kernel's
 * {@code ktime_get()}/jiffies source) plus the wall-clock epoch it started at.
 * Everything that waits in the simulation (poll timers, storm windows, the Monarch timeout,
 * deferred work) reads this clock and never {@link System#nanoTime()}.
 */
public interface KernelClock {

    /** Nanoseconds since boot; never decreases. */
    long nanoTime();

    /** Wall-clock seconds (time_t) at boot. */
    long bootEpochSeconds();

    /** The kernel's {@code jiffies} at HZ = 1000. */
    default long jiffies() {
        return nanoTime() / Jiffies.NANOS_PER_JIFFY;
    }

    /** Wall-clock seconds now, as {@code ktime_get_real_seconds()}. */
    default long epochSeconds() {
        return bootEpochSeconds() + nanoTime() / 1_000_000_000L;
    }
}
