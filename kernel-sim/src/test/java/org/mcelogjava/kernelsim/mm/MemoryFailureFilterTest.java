package org.mcelogjava.kernelsim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.clock.SteppedClock;
import org.mcelogjava.kernelsim.klog.KernelLog;

/** The filter at the start of memory_failure: a skipped page is left alone, removal restores handling. */
class MemoryFailureFilterTest {

    private final KernelLog log = new KernelLog(new SteppedClock(0), 64);
    private final MemoryFailure mf = new MemoryFailure(new PhysicalMemory(1L << 30), log, msg -> { });

    @Test
    void aSkippedPageIsNeitherPoisonedNorLogged() {
        MemoryFailureFilter odd = (pfn, flags) -> (pfn & 1) == 1;
        mf.addFilter(odd);
        assertEquals(-Errno.EOPNOTSUPP, mf.memoryFailure(0x11, 0, null));
        assertFalse(mf.memory().page(0x11).hwPoison());
        assertTrue(log.lines().isEmpty());
        assertEquals(0, mf.memoryFailure(0x10, 0, null));
        mf.removeFilter(odd);
        assertEquals(0, mf.memoryFailure(0x11, 0, null));
        assertTrue(mf.memory().page(0x11).hwPoison());
    }

    @Test
    void hardOfflineOfAFilteredPageCountsAsDone() {
        mf.addFilter((pfn, flags) -> true);
        assertEquals(0, mf.hardOfflinePage(0x5000, null));
        assertEquals(0, mf.memory().numPoisonedPages());
    }
}
