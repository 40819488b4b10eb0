package org.mcelogjava.kernelsim.mca;

/**
 * The 4.x per-CPU {@code mce_ring}: a 16-slot circular buffer of page frame numbers waiting for
 * {@code memory_failure()}; one slot stays unused to tell full from empty, so it holds 15.
 * A full ring silently drops the new pfn ("RED-PEN" in the kernel).
 */
public final class MceRing {

    /** MCE_RING_SIZE. */
    public static final int SIZE = 16;

    private final long[] ring = new long[SIZE];
    private int start;
    private int end;

    /** {@code mce_ring_add}: false when full. */
    public synchronized boolean add(long pfn) {
        int next = (end + 1) % SIZE;
        if (next == start) {
            return false;
        }
        ring[end] = pfn;
        end = next;
        return true;
    }

    public synchronized boolean isEmpty() {
        return start == end;
    }

    /** {@code mce_ring_get}: the oldest pfn, or -1 when empty. */
    public synchronized long get() {
        if (start == end) {
            return -1;
        }
        long pfn = ring[start];
        start = (start + 1) % SIZE;
        return pfn;
    }
}
