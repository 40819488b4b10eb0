package org.mcelogjava.daemon.policy;

import java.util.Optional;
import org.mcelogjava.daemon.config.Threshold;

/**
 * mcelog's {@code struct err_type}: a lifetime total and, when a threshold is configured, the
 * leaky bucket of one kind of error (corrected or uncorrected) of one object. Not thread-safe.
 */
final class ErrorCount {

    private final Optional<LeakyBucket> bucket;
    private long total;

    ErrorCount(Optional<Threshold> threshold, long createdAt) {
        this.bucket = threshold.map(t -> new LeakyBucket(t, createdAt));
    }

    /** Adds {@code n} events at time {@code t}; true when the bucket overflowed. */
    boolean account(long n, long t, int capacityMultiplier) {
        total += n;
        return bucket.map(b -> b.account(n, t, capacityMultiplier)).orElse(false);
    }

    long total() {
        return total;
    }

    Optional<LeakyBucket> bucket() {
        return bucket;
    }

    /** {@code bucket_output}: {@code "2 in 24h"}, or {@code not enabled}. */
    String text() {
        return bucket.map(LeakyBucket::text).orElse("not enabled");
    }
}
