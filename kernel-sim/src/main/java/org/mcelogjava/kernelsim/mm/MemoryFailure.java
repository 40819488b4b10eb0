package org.mcelogjava.kernelsim.mm;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.mcelogjava.kernelsim.klog.KernelLog;

/**
 * {@code memory_failure(pfn, flags)}, {@code soft_offline_page} and the sysfs
 * {@code hard_offline_page} (mm/memory-failure.c, simplified to the page states of
 * {@link PageState}): poison the page, unmap it from the tasks that map it, signal them
 * (BUS_MCEERR_AR to the current task with MF_ACTION_REQUIRED, BUS_MCEERR_AO to early-kill tasks),
 * classify the page like {@code error_states[]} and print
 * "Memory failure: 0x…: recovery action for …: Recovered|Ignored|Failed|Delayed".
 */
public final class MemoryFailure {

    /** {@code enum mf_result}. */
    public enum Result {
        IGNORED("Ignored"), FAILED("Failed"), DELAYED("Delayed"), RECOVERED("Recovered");

        private final String text;

        Result(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final PhysicalMemory memory;
    private final KernelLog log;
    private final Consumer<String> panic;
    private final Map<Result, Long> stats = new EnumMap<>(Result.class);
    private final List<MemoryFailureFilter> filters = new CopyOnWriteArrayList<>();
    private boolean recovery = true;
    private boolean earlyKill;
    private boolean softOfflineEnabled = true;

    /**
     * @param panic called with the panic message when {@code vm.memory_failure_recovery} is 0
     */
    public MemoryFailure(PhysicalMemory memory, KernelLog log, Consumer<String> panic) {
        this.memory = memory;
        this.log = log;
        this.panic = panic;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    /** sysctl vm.memory_failure_recovery. */
    public void recovery(boolean on) { recovery = on; }
    /** sysctl vm.memory_failure_early_kill. */
    public void earlyKill(boolean on) { earlyKill = on; }
    /** sysctl vm.enable_soft_offline. */
    public void softOfflineEnabled(boolean on) { softOfflineEnabled = on; }

    /** Adds a filter consulted at the start of {@link #memoryFailure} (the seed's hook). */
    public void addFilter(MemoryFailureFilter f) { filters.add(f); }
    /** Removes a filter added by {@link #addFilter}. */
    public void removeFilter(MemoryFailureFilter f) { filters.remove(f); }

    /** Per-result counters ({@code /sys/devices/system/node/nodeN/memory_failure/}). */
    public synchronized long count(Result r) {
        return stats.getOrDefault(r, 0L);
    }

    /**
     * Handles a hardware-poisoned page.
     *
     * @param current the task running on the CPU that calls (the target of MF_ACTION_REQUIRED), or null
     * @return 0, -ENXIO, -EHWPOISON, -EBUSY, or -EOPNOTSUPP when a filter skipped the page
     */
    public synchronized int memoryFailure(long pfn, int flags, Task current) {
        for (MemoryFailureFilter f : filters) {
            if (f.skip(pfn, flags)) {
                return -Errno.EOPNOTSUPP; // as hwpoison_filter(): the page is left alone
            }
        }
        if (!recovery) {
            panic.accept(String.format("Memory failure on page %x", pfn));
            return -Errno.EBUSY;
        }
        Page p = memory.page(pfn);
        if (p == null) {
            log.err(String.format("Memory failure: %#x: memory outside kernel control", pfn));
            return -Errno.ENXIO;
        }
        if (p.testSetHwPoison()) {
            log.err(String.format("Memory failure: %#x: already hardware poisoned", pfn));
            if ((flags & MfFlags.ACTION_REQUIRED) != 0 && current != null && current.maps(pfn)) {
                current.deliver(new Signal(current.pid(), Signal.Code.BUS_MCEERR_AR, current.vaddrOf(pfn),
                        PhysicalMemory.PAGE_SHIFT));
            }
            actionResult(pfn, "already poisoned", Result.FAILED);
            return -Errno.EHWPOISON;
        }
        memory.countPoisoned();
        PageState state = p.state();
        return switch (state) {
            case FREE -> {
                p.state(PageState.RESERVED); // taken off the buddy lists for good
                yield actionResult(pfn, "free buddy page", Result.RECOVERED);
            }
            case FREE_HUGE -> actionResult(pfn, "free huge page", Result.RECOVERED);
            case RESERVED -> actionResult(pfn, "reserved kernel page", Result.IGNORED);
            case SLAB -> actionResult(pfn, "get hwpoison page", Result.IGNORED);
            case HUGE -> {
                unmapAndKill(pfn, flags, current, true);
                yield actionResult(pfn, "huge page", Result.RECOVERED);
            }
            case LRU_DIRTY -> {
                unmapAndKill(pfn, flags, current, true);
                yield actionResult(pfn, "dirty LRU page", Result.RECOVERED);
            }
            case LRU_CLEAN -> {
                unmapAndKill(pfn, flags, current, false);
                yield actionResult(pfn, "clean LRU page", Result.RECOVERED);
            }
            case PAGE_CACHE_DIRTY -> {
                unmapAndKill(pfn, flags, current, true);
                yield actionResult(pfn, "dirty LRU page", Result.RECOVERED);
            }
            case PAGE_CACHE_CLEAN -> {
                log.info(String.format("Memory failure: %#x: corrupted page was clean: dropped without side effects",
                        pfn));
                unmapAndKill(pfn, flags, current, false);
                yield actionResult(pfn, "clean LRU page", Result.RECOVERED);
            }
            case SWAP_CACHE_DIRTY -> {
                unmapAndKill(pfn, flags, current, true);
                yield actionResult(pfn, "dirty swapcache page", Result.DELAYED);
            }
            case SWAP_CACHE_CLEAN -> {
                unmapAndKill(pfn, flags, current, false);
                yield actionResult(pfn, "clean swapcache page", Result.RECOVERED);
            }
        };
    }

    /** sysfs {@code hard_offline_page}: {@code memory_failure(addr >> PAGE_SHIFT, MF_SW_SIMULATED)}; -EOPNOTSUPP counts as success. */
    public int hardOfflinePage(long physAddr, Task current) {
        int ret = memoryFailure(physAddr >>> PhysicalMemory.PAGE_SHIFT, MfFlags.SW_SIMULATED, current);
        return ret == -Errno.EOPNOTSUPP ? 0 : ret;
    }

    /**
     * {@code soft_offline_page(pfn, flags)}: take a still-good page out of use without killing
     * anyone (contents migrated or dropped), then mark it poisoned.
     */
    public synchronized int softOfflinePage(long pfn) {
        if (!softOfflineEnabled) {
            return -Errno.EOPNOTSUPP;
        }
        Page p = memory.page(pfn);
        if (p == null) {
            return -Errno.ENXIO;
        }
        if (p.hwPoison()) {
            log.info(String.format("soft offline: %#x: page already poisoned", pfn));
            return 0;
        }
        PageState s = p.state();
        if (s == PageState.SLAB || s == PageState.RESERVED) {
            log.info(String.format("soft offline: %#x: unknown page type", pfn));
            return -Errno.EBUSY;
        }
        for (Task t : memory.tasks()) {
            if (t.maps(pfn)) {
                t.unmap(pfn); // migrated: the task now maps a copy elsewhere
            }
        }
        p.setHwPoison();
        p.state(PageState.RESERVED);
        memory.countPoisoned();
        return 0;
    }

    /**
     * hwpoison_user_mappings + kill_procs: unmap from every task; signal the current task with AR
     * (MF_ACTION_REQUIRED) and early-kill tasks with AO, but only when the contents are lost
     * (dirty) or MF_MUST_KILL. Others are "late killed" when they touch the poisoned PTE.
     */
    private void unmapAndKill(long pfn, int flags, Task current, boolean dirty) {
        boolean kill = dirty || (flags & MfFlags.MUST_KILL) != 0;
        for (Task t : memory.tasks()) {
            if (!t.maps(pfn)) {
                continue;
            }
            long vaddr = t.vaddrOf(pfn);
            t.unmap(pfn);
            if (!kill) {
                continue;
            }
            if ((flags & MfFlags.ACTION_REQUIRED) != 0 && t == current) {
                t.deliver(new Signal(t.pid(), Signal.Code.BUS_MCEERR_AR, vaddr, PhysicalMemory.PAGE_SHIFT));
            } else if (t.killPolicy() == Task.KillPolicy.EARLY
                    || t.killPolicy() == Task.KillPolicy.DEFAULT && earlyKill) {
                t.deliver(new Signal(t.pid(), Signal.Code.BUS_MCEERR_AO, vaddr, PhysicalMemory.PAGE_SHIFT));
            }
        }
    }

    private int actionResult(long pfn, String type, Result result) {
        stats.merge(result, 1L, Long::sum);
        log.err(String.format("Memory failure: %#x: recovery action for %s: %s", pfn, type, result.text()));
        return result == Result.RECOVERED || result == Result.DELAYED ? 0 : -Errno.EBUSY;
    }
}
