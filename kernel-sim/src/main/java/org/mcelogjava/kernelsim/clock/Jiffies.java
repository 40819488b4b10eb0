package org.mcelogjava.kernelsim.clock;

/** The kernel's jiffy arithmetic at {@code HZ = 1000} ({@code round_jiffies}, {@code round_jiffies_relative}). */
public final class Jiffies {

    /** Timer interrupts per second. */
    public static final long HZ = 1000;
    /** Nanoseconds per jiffy. */
    public static final long NANOS_PER_JIFFY = 1_000_000_000L / HZ;

    private Jiffies() {
    }

    /** {@code round_jiffies(j)}: round an absolute jiffies value to the nearest whole second (never into the past). */
    public static long roundJiffies(long j, long now) {
        long rem = j % HZ;
        long rounded = rem < HZ / 4 ? j - rem : j - rem + HZ;
        return rounded <= now ? j : rounded;
    }

    /** {@code round_jiffies_relative(delta)} evaluated at {@code now}. */
    public static long roundJiffiesRelative(long delta, long now) {
        return roundJiffies(now + delta, now) - now;
    }

    public static long toNanos(long jiffies) {
        return jiffies * NANOS_PER_JIFFY;
    }
}
