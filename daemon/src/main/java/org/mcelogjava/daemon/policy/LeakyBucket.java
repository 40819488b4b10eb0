package org.mcelogjava.daemon.policy;

import org.mcelogjava.daemon.config.Threshold;

/**
 * One object's leaky bucket (mcelog's {@code struct leaky_bucket} with {@code __bucket_account}
 * and {@code bucket_age}): events fill it, time drains it, and reaching the capacity overflows it —
 * the overflow is reported, the level starts again from zero and the events are remembered as
 * "excess" until the bucket next drains.
 *
 * <p>Draining happens only when at least one whole window has passed since the last drain, and
 * then removes {@code (elapsed / window) × capacity} events at once. Event times are the records'
 * own {@code time} fields, while a bucket starts at the wall-clock time it was created — so, as in
 * mcelog, records stamped before the daemon started never drain a bucket. Not thread-safe.
 */
public final class LeakyBucket {

    private final Threshold threshold;
    private long count;
    private long excess;
    private long stamp;

    /** @param createdAt wall-clock seconds when the object this bucket counts was first seen */
    public LeakyBucket(Threshold threshold, long createdAt) {
        this.threshold = threshold;
        this.stamp = createdAt;
    }

    /**
     * Accounts {@code events} at time {@code t} (seconds) and tells whether the bucket overflowed.
     *
     * @param capacityMultiplier scales the capacity (page offline retries double it each failure)
     */
    public boolean account(long events, long t, int capacityMultiplier) {
        age(t, capacityMultiplier);
        count += events;
        if (count >= threshold.capacity() * capacityMultiplier) {
            excess += count;
            count = 0;
            return true;
        }
        return false;
    }

    /** {@link #account(long, long, int)} with the plain capacity. */
    public boolean account(long events, long t) {
        return account(events, t, 1);
    }

    /** Drains whole windows passed by {@code now} (as a dump does before showing the bucket). */
    public void age(long now, int capacityMultiplier) {
        long elapsed = now - stamp;
        if (elapsed >= threshold.ageSeconds()) {
            long drained = (long) (elapsed / (double) threshold.ageSeconds() * threshold.capacity() * capacityMultiplier);
            stamp = now;
            count = Math.max(0, count - drained);
            excess = 0;
        }
    }

    /** The bucket's level: events since the last overflow or drain (mcelog's {@code count}). */
    public long level() {
        return count;
    }

    /** The events seen in the current window, as mcelog shows them: level plus excess. */
    public long seen() {
        return count + excess;
    }

    /** mcelog's {@code bucket_output}: {@code "3 in 24h"}. */
    public String text() {
        return seen() + " in " + threshold.windowText();
    }

    public Threshold threshold() {
        return threshold;
    }
}
