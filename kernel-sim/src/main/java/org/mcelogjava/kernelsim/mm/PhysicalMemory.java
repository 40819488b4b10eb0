package org.mcelogjava.kernelsim.mm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Online RAM as {@code struct page}s (sparse: untouched pages are free) and the simulated tasks
 * that map them. {@code pfn_to_online_page()} is {@link #page}.
 */
public final class PhysicalMemory {

    /** PAGE_SHIFT. */
    public static final int PAGE_SHIFT = 12;

    private final long pages;
    private final Map<Long, Page> touched = new HashMap<>();
    private final List<Task> tasks = new ArrayList<>();
    private long numPoisonedPages;

    /** @param bytes RAM size; pfns 0 .. bytes/4096-1 are online */
    public PhysicalMemory(long bytes) {
        this.pages = bytes >>> PAGE_SHIFT;
    }

    public long pageCount() {
        return pages;
    }

    /** The online page at {@code pfn}, or null if the pfn is not RAM the kernel manages. */
    public synchronized Page page(long pfn) {
        if (pfn < 0 || pfn >= pages) {
            return null;
        }
        return touched.computeIfAbsent(pfn, p -> new Page(p, PageState.FREE));
    }

    /** Puts a page into a given use (test and scenario set-up). */
    public synchronized Page setState(long pfn, PageState state) {
        Page p = page(pfn);
        if (p == null) {
            throw new IllegalArgumentException("pfn 0x" + Long.toHexString(pfn) + " is not online RAM");
        }
        p.state(state);
        return p;
    }

    public synchronized void addTask(Task t) {
        tasks.add(t);
    }

    public synchronized List<Task> tasks() {
        return List.copyOf(tasks);
    }

    /** The HardwareCorrupted counter ({@code num_poisoned_pages}). */
    public synchronized long numPoisonedPages() {
        return numPoisonedPages;
    }

    synchronized void countPoisoned() {
        numPoisonedPages++;
    }
}
