package org.mcelogjava.kernelsim.klog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.clock.SteppedClock;

class KernelLogTest {

    @Test
    void ringDropsTheOldestLineAndStampsLikeDmesg() {
        SteppedClock clock = new SteppedClock(0);
        KernelLog log = new KernelLog(clock, 2);
        List<String> seen = new ArrayList<>();
        log.addListener(l -> seen.add(l.text()));
        log.info("one");
        clock.advance(1_500_000_000L);
        log.err("two");
        log.emerg("three");
        assertEquals(List.of("two", "three"), log.lines().stream().map(KernelLog.Line::text).toList());
        assertEquals("[    1.500000] two", log.lines().get(0).dmesg());
        assertEquals(List.of("one", "two", "three"), seen);
    }
}
