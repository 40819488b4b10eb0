package org.mcelogjava.kernelsim.clock;

import java.util.function.LongSupplier;

/**
 * A clock driven by a real time source: factor 1 is the wall clock, a larger factor runs the
 * simulated machine that many times faster than real time (the "accelerated" mode).
 */
public final class ScaledClock implements KernelClock {

    private final LongSupplier realNanos;
    private final long origin;
    private final double factor;
    private final long bootEpochSeconds;

    /**
     * @param realNanos source of real nanoseconds (normally {@code System::nanoTime})
     * @param factor    simulated seconds per real second, at least 1
     */
    public ScaledClock(LongSupplier realNanos, double factor, long bootEpochSeconds) {
        if (!(factor >= 1.0)) {
            throw new IllegalArgumentException("acceleration factor must be >= 1, got " + factor);
        }
        this.realNanos = realNanos;
        this.origin = realNanos.getAsLong();
        this.factor = factor;
        this.bootEpochSeconds = bootEpochSeconds;
    }

    public static ScaledClock wall() {
        return new ScaledClock(System::nanoTime, 1.0, System.currentTimeMillis() / 1000);
    }

    public static ScaledClock accelerated(double factor) {
        return new ScaledClock(System::nanoTime, factor, System.currentTimeMillis() / 1000);
    }

    @Override
    public long nanoTime() {
        return (long) ((realNanos.getAsLong() - origin) * factor);
    }

    @Override
    public long bootEpochSeconds() {
        return bootEpochSeconds;
    }

    public double factor() {
        return factor;
    }
}
