package org.mcelogjava.kernelsim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.clock.SteppedClock;
import org.mcelogjava.kernelsim.klog.KernelLog;

/** memory_failure() on every page state, with the signals it sends. */
class MemoryFailureTest {

    private static final long PFN = 0x1234;
    private static final long VADDR = 0x7f00_0000_3000L;

    private final KernelLog log = new KernelLog(new SteppedClock(0), 100);
    private final List<String> panics = new ArrayList<>();
    private final PhysicalMemory memory = new PhysicalMemory(1L << 30);
    private final MemoryFailure mf = new MemoryFailure(memory, log, panics::add);
    private final Task current = new Task(100, "current").map(PFN, VADDR);
    private final Task early = new Task(200, "early").map(PFN, VADDR + 0x1000).killPolicy(Task.KillPolicy.EARLY);
    private final Task late = new Task(300, "late").map(PFN, VADDR + 0x2000);

    MemoryFailureTest() {
        memory.addTask(current);
        memory.addTask(early);
        memory.addTask(late);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "FREE,             free buddy page,       Recovered, 0,   false",
        "LRU_CLEAN,        clean LRU page,        Recovered, 0,   false",
        "LRU_DIRTY,        dirty LRU page,        Recovered, 0,   true",
        "PAGE_CACHE_CLEAN, clean LRU page,        Recovered, 0,   false",
        "PAGE_CACHE_DIRTY, dirty LRU page,        Recovered, 0,   true",
        "SWAP_CACHE_CLEAN, clean swapcache page,  Recovered, 0,   false",
        "SWAP_CACHE_DIRTY, dirty swapcache page,  Delayed,   0,   true",
        "SLAB,             get hwpoison page,     Ignored,   -16, false",
        "RESERVED,         reserved kernel page,  Ignored,   -16, false",
        "HUGE,             huge page,             Recovered, 0,   true",
        "FREE_HUGE,        free huge page,        Recovered, 0,   false"})
    void actionRequiredOnEachPageState(PageState state, String type, String result, int ret, boolean killed) {
        memory.setState(PFN, state);
        assertEquals(ret, mf.memoryFailure(PFN, MfFlags.ACTION_REQUIRED, current));
        assertTrue(log.contains("Memory failure: 0x1234: recovery action for " + type + ": " + result), log.lines()::toString);
        assertTrue(memory.page(PFN).hwPoison());
        if (killed) {
            assertEquals(List.of(new Signal(100, Signal.Code.BUS_MCEERR_AR, VADDR, 12)), current.signals());
            assertEquals(List.of(new Signal(200, Signal.Code.BUS_MCEERR_AO, VADDR + 0x1000, 12)), early.signals());
            assertEquals(List.of(), late.signals(), "late kill: only when it touches the page again");
        } else {
            assertEquals(List.of(), current.signals());
            assertEquals(List.of(), early.signals());
        }
        assertEquals(1, mf.count(MemoryFailure.Result.valueOf(result.toUpperCase())));
    }

    @Test
    void aSecondFailureOnThePageIsAlreadyPoisonedAndHitsTheCurrentTask() {
        memory.setState(PFN, PageState.LRU_CLEAN);
        mf.memoryFailure(PFN, 0, null);
        current.map(PFN, VADDR);
        assertEquals(-Errno.EHWPOISON, mf.memoryFailure(PFN, MfFlags.ACTION_REQUIRED, current));
        assertTrue(log.contains("Memory failure: 0x1234: already hardware poisoned"));
        assertEquals(Signal.Code.BUS_MCEERR_AR, current.signals().get(0).code());
        assertEquals(1, mf.count(MemoryFailure.Result.FAILED));
    }

    @Test
    void memoryOutsideTheKernelIsEnxio() {
        assertEquals(-Errno.ENXIO, mf.memoryFailure(1L << 40, 0, null));
        assertTrue(log.contains("memory outside kernel control"));
    }

    @Test
    void mustKillKillsEvenForACleanPage() {
        memory.setState(PFN, PageState.PAGE_CACHE_CLEAN);
        mf.memoryFailure(PFN, MfFlags.ACTION_REQUIRED | MfFlags.MUST_KILL, current);
        assertEquals(1, current.signals().size());
    }

    @Test
    void recoveryDisabledPanics() {
        mf.recovery(false);
        mf.memoryFailure(PFN, 0, null);
        assertEquals(List.of("Memory failure on page 1234"), panics);
    }

    @Test
    void softOfflineNeverKillsAndHardOfflineIsMemoryFailure() {
        memory.setState(PFN, PageState.LRU_DIRTY);
        assertEquals(0, mf.softOfflinePage(PFN));
        assertTrue(memory.page(PFN).hwPoison());
        assertEquals(List.of(), current.signals());
        memory.setState(PFN + 1, PageState.SLAB);
        assertEquals(-Errno.EBUSY, mf.softOfflinePage(PFN + 1));
        assertEquals(0, mf.hardOfflinePage((PFN + 2) << 12, null));
        assertEquals(2, memory.numPoisonedPages(), "soft offline and hard offline; the refused SLAB page is not poisoned");
    }
}
