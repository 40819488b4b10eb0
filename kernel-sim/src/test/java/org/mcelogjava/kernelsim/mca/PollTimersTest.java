package org.mcelogjava.kernelsim.mca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;

/** The adaptive poll interval (mce_timer_fn) in each kernel generation, on the stepped clock. */
class PollTimersTest {

    private static SimulatedKernel boot(KernelProfile k, MceConfig cfg) {
        return new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(), Topology.flat(2)))
                .kernel(k).config(cfg).boot();
    }

    /** Puts a corrected error in bank 1 before every timer expiry and returns the next intervals (jiffies). */
    private static List<Long> intervalsWithAnErrorEveryPoll(KernelProfile k, int polls) {
        SimulatedKernel kernel = boot(k, new MceConfig().cmciDisabled(true));
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            kernel.hardware().corrected(0, 1, 0x0090);
            kernel.advanceTo(kernel.pollTimers().expires(0) * 1_000_000L);
            out.add(kernel.pollTimers().nextInterval(0));
        }
        return out;
    }

    @Test
    void timerStartsAtThreeHundredSecondsOnAWholeSecond() {
        SimulatedKernel kernel = boot(KernelProfile.V6_12, new MceConfig());
        assertEquals(300_000, kernel.pollTimers().nextInterval(0));
        assertEquals(300_000, kernel.pollTimers().expires(0));
    }

    @Test
    void quietPollsKeepTheIntervalAtTheCeiling() {
        SimulatedKernel kernel = boot(KernelProfile.V6_12, new MceConfig());
        kernel.advanceBy(3_600_000_000_000L);
        assertEquals(300_000, kernel.pollTimers().nextInterval(0));
        assertEquals(3_900_000, kernel.pollTimers().expires(0));
    }

    @Test
    void seedEraHalvesDownToTheTenMillisecondFloor() {
        assertEquals(List.of(150_000L, 75_000L, 37_500L, 18_750L, 9_375L, 4_687L, 2_343L, 1_171L, 585L, 292L,
                146L, 73L, 36L, 18L, 10L, 10L), intervalsWithAnErrorEveryPoll(KernelProfile.V4_0, 16));
    }

    @Test
    void linux612AlmostNeverHalvesBecauseTheNotifierConsumedTheBit() {
        assertEquals(List.of(300_000L, 300_000L, 300_000L, 300_000L),
                intervalsWithAnErrorEveryPoll(KernelProfile.V6_12, 4));
    }

    @Test
    void fixedMainlineHalvesWhenThePoolHadRecords() {
        assertEquals(List.of(150_000L, 75_000L, 37_500L), intervalsWithAnErrorEveryPoll(KernelProfile.V6_18, 3));
    }

    @Test
    void afterErrorsStopTheIntervalDoublesBackToTheCeiling() {
        SimulatedKernel kernel = boot(KernelProfile.V4_0, new MceConfig().cmciDisabled(true));
        for (int i = 0; i < 3; i++) {
            kernel.hardware().corrected(0, 1, 0x0090);
            kernel.advanceTo(kernel.pollTimers().expires(0) * 1_000_000L);
        }
        assertEquals(37_500, kernel.pollTimers().nextInterval(0));
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            kernel.advanceTo(kernel.pollTimers().expires(0) * 1_000_000L);
            out.add(kernel.pollTimers().nextInterval(0));
        }
        assertEquals(List.of(75_000L, 150_000L, 300_000L, 300_000L), out);
    }

    @Test
    void checkIntervalZeroDisablesPolling() {
        SimulatedKernel kernel = boot(KernelProfile.V6_12, new MceConfig().checkIntervalSec(0));
        assertEquals(-1, kernel.pollTimers().expires(0));
    }
}
