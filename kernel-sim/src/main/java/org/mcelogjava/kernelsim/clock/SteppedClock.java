package org.mcelogjava.kernelsim.clock;

/**
 * A clock that moves only when told to: tests and the conformance replay advance it explicitly
 * (normally through {@link TimerQueue#advanceTo}), so simulated timeouts cost no wall time.
 */
public final class SteppedClock implements KernelClock {

    private final long bootEpochSeconds;
    private long now;

    public SteppedClock(long bootEpochSeconds) {
        this.bootEpochSeconds = bootEpochSeconds;
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public long bootEpochSeconds() {
        return bootEpochSeconds;
    }

    /** Moves time forward to {@code nanos}; moving backwards is an error. */
    public synchronized void setNanoTime(long nanos) {
        if (nanos < now) {
            throw new IllegalArgumentException("time cannot go backwards: " + nanos + " < " + now);
        }
        now = nanos;
    }

    public synchronized void advance(long nanos) {
        setNanoTime(now + nanos);
    }
}
