package org.mcelogjava.kernelsim.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerQueueTest {

    private final SteppedClock clock = new SteppedClock(1_000);
    private final TimerQueue timers = new TimerQueue(clock);
    private final List<String> fired = new ArrayList<>();

    @Test
    void timersFireInDeadlineThenArmingOrderAtTheirOwnTime() {
        timers.schedule(300, () -> fired.add("b@" + clock.nanoTime()));
        timers.schedule(100, () -> fired.add("a@" + clock.nanoTime()));
        timers.schedule(300, () -> fired.add("c@" + clock.nanoTime()));
        TimerQueue.Timer cancelled = timers.schedule(200, () -> fired.add("x"));
        cancelled.cancel();
        timers.advanceTo(1_000);
        assertEquals(List.of("a@100", "b@300", "c@300"), fired);
        assertEquals(1_000, clock.nanoTime());
        assertEquals(Long.MAX_VALUE, timers.nextDeadline());
    }

    @Test
    void aCallbackMayArmANewTimerThatFiresInTheSameAdvance() {
        timers.schedule(10, () -> timers.schedule(clock.nanoTime() + 10, () -> fired.add("again@" + clock.nanoTime())));
        timers.advanceTo(100);
        assertEquals(List.of("again@20"), fired);
    }

    @Test
    void timeNeverGoesBackwards() {
        clock.setNanoTime(50);
        assertThrows(IllegalArgumentException.class, () -> clock.setNanoTime(49));
    }

    @Test
    void roundJiffiesGoesToTheNearestWholeSecondButNeverIntoThePast() {
        assertEquals(300_000, Jiffies.roundJiffies(300_100, 0));
        assertEquals(301_000, Jiffies.roundJiffies(300_300, 0));
        assertEquals(300_100, Jiffies.roundJiffies(300_100, 300_050), "rounding down would be in the past");
    }

    @Test
    void scaledClockRunsFactorTimesFasterThanItsSource() {
        long[] real = {5_000};
        ScaledClock c = new ScaledClock(() -> real[0], 10_000, 42);
        real[0] += 1_000_000; // 1 ms real
        assertEquals(10_000_000_000L, c.nanoTime());
        assertEquals(52, c.epochSeconds());
        assertThrows(IllegalArgumentException.class, () -> new ScaledClock(() -> 0, 0.5, 0));
    }
}
