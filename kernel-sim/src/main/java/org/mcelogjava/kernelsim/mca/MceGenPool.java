package org.mcelogjava.kernelsim.mca;

import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.protocol.mce.Mce;

/**
 * genpool.c: the lock-free pool records wait in between {@code mce_log()} (any context, even #MC)
 * and {@code mce_gen_pool_process()} (process context). Capacity max(80, 2 × possible CPUs).
 */
public final class MceGenPool {

    private final int capacity;
    private final List<Mce> pending = new ArrayList<>();

    public MceGenPool(int possibleCpus) {
        this.capacity = Math.max(80, 2 * possibleCpus);
    }

    public int capacity() {
        return capacity;
    }

    /** {@code mce_gen_pool_add}: false when the pool is exhausted. */
    public synchronized boolean add(Mce m) {
        if (pending.size() >= capacity) {
            return false;
        }
        pending.add(m);
        return true;
    }

    public synchronized boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Takes every pending record, oldest first (the llist is reversed to chronological order). */
    public synchronized List<Mce> takeAll() {
        List<Mce> all = new ArrayList<>(pending);
        pending.clear();
        return all;
    }

    /**
     * {@code mce_gen_pool_prepare_records()} for mce_panic: pending records, oldest first, with
     * duplicates (same bank, status, addr and misc) removed.
     */
    public synchronized List<Mce> prepareRecords() {
        List<Mce> out = new ArrayList<>();
        for (Mce m : pending) {
            boolean dup = out.stream().anyMatch(o -> o.bank() == m.bank() && o.status() == m.status()
                    && o.addr() == m.addr() && o.misc() == m.misc());
            if (!dup) {
                out.add(m);
            }
        }
        return out;
    }
}
