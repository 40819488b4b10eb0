package org.mcelogjava.daemon.policy;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Where mcelog keeps its per-page counters (page.c): a bounded table of {@code --max-corr-err-counters}
 * counters (default 4158), allocated in clusters of {@value #CLUSTER} (one 4 KiB page of
 * {@code struct mempage} each; the size is rounded up to whole clusters). A page's cluster becomes
 * the most recently used whenever the page gets an error. When every counter is taken, a new page
 * takes the counters of the least recently used cluster one after another, each time evicting the
 * page that held it, with its counts (a "replacement").
 *
 * <p>mcelog links a cluster into its LRU list again for every page allocated in it, which corrupts
 * the list; this table keeps the order the code means. Not thread-safe.
 */
final class PageCounterTable {

    /** Counters per cluster: (4096 - list head) / sizeof(struct mempage) on 64-bit. */
    static final int CLUSTER = 63;

    private static final class Cluster {
        final long[] pages = new long[CLUSTER];
        int used;
    }

    private final int capacity;
    /** Least recently used first. */
    private final LinkedHashMap<Cluster, Cluster> lru = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Long, Cluster> home = new HashMap<>();
    private Cluster current;
    private int allocated;

    /** @param counters the counters asked for, at least 1; rounded up to whole clusters */
    PageCounterTable(int counters) {
        if (counters < 1) {
            throw new IllegalArgumentException("counters must be at least 1: " + counters);
        }
        this.capacity = roundUp(counters);
    }

    /** {@code roundup(counters, 63)}: the table's real size. */
    static int roundUp(int counters) {
        return (counters + CLUSTER - 1) / CLUSTER * CLUSTER;
    }

    int capacity() {
        return capacity;
    }

    /** An error on a page that has a counter: its cluster becomes the most recently used. */
    void touch(long page) {
        lru.get(home.get(page));
    }

    /**
     * Gives {@code page} (which has none) a counter, from a free slot while there is one, else by
     * replacement; its cluster becomes the most recently used.
     *
     * @return the page evicted to make room, if any
     */
    OptionalLong add(long page) {
        OptionalLong evicted = OptionalLong.empty();
        if (allocated < capacity) {
            if (current == null || current.used == CLUSTER) {
                current = new Cluster();
            }
            allocated++;
        } else {
            if (current.used == CLUSTER) {
                Iterator<Cluster> oldest = lru.keySet().iterator();
                current = oldest.next();
                current.used = 0;
            }
            long old = current.pages[current.used];
            home.remove(old);
            evicted = OptionalLong.of(old);
        }
        current.pages[current.used++] = page;
        home.put(page, current);
        lru.put(current, current);
        return evicted;
    }
}
