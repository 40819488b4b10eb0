package org.mcelogjava.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.config.Threshold;

class LeakyBucketTest {

    private static final long T0 = 1_700_000_000L;
    private final Threshold tenPerDay = Threshold.parse("10 / 24h").orElseThrow();

    @Test
    void overflowsOnTheTenthTwentiethEventOfAWindow() {
        LeakyBucket bucket = new LeakyBucket(tenPerDay, T0);
        List<Integer> fired = new ArrayList<>();
        for (int n = 1; n <= 25; n++) {
            if (bucket.account(1, T0 + n)) {
                fired.add(n);
            }
        }
        assertEquals(List.of(10, 20), fired);
        assertEquals("25 in 24h", bucket.text(), "level 5 plus the 20 that overflowed");
    }

    @Test
    void aWholeWindowDrainsCapacityTimesTheWindowsPassed() {
        LeakyBucket bucket = new LeakyBucket(tenPerDay, T0);
        for (int n = 0; n < 9; n++) {
            assertFalse(bucket.account(1, T0 + n));
        }
        // 1.5 windows later: 15 drained, the level cannot go below zero, the excess is forgotten.
        assertFalse(bucket.account(1, T0 + 86_400 * 3 / 2));
        assertEquals(1, bucket.seen());
    }

    @Test
    void lessThanAWindowDrainsNothing() {
        LeakyBucket bucket = new LeakyBucket(tenPerDay, T0);
        for (int n = 0; n < 9; n++) {
            bucket.account(1, T0 + n * 9_000);
        }
        assertTrue(bucket.account(1, T0 + 86_399), "all ten within a window of the bucket's start");
    }

    @Test
    void recordsOlderThanTheBucketNeverDrainIt() {
        LeakyBucket bucket = new LeakyBucket(tenPerDay, T0);
        for (int n = 0; n < 9; n++) {
            bucket.account(1, T0 - 10 * 86_400);
        }
        assertTrue(bucket.account(1, T0 - 86_400));
    }

    @Test
    void aCapacityMultiplierRaisesTheBar() {
        LeakyBucket bucket = new LeakyBucket(Threshold.parse("2 / 24h").orElseThrow(), T0);
        assertFalse(bucket.account(1, T0, 2));
        assertFalse(bucket.account(1, T0, 2));
        assertFalse(bucket.account(1, T0, 2));
        assertTrue(bucket.account(1, T0, 2));
    }

    @Test
    void aCorrectedCountAddsSeveralEventsAtOnce() {
        LeakyBucket bucket = new LeakyBucket(tenPerDay, T0);
        assertTrue(bucket.account(12, T0));
        assertEquals("12 in 24h", bucket.text());
    }
}
