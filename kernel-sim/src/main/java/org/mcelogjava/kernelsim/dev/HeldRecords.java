package org.mcelogjava.kernelsim.dev;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The records one open handle has read with READ_HELD and not yet acknowledged, oldest first.
 * Owned by the handle's connection (one thread); what is left when the handle goes away is given
 * back to the device.
 */
public final class HeldRecords {

    private final Deque<HeldRecord> held = new ArrayDeque<>();

    /** Holds everything a held read returned. */
    public void hold(Delivery delivery) {
        held.addAll(delivery.records());
    }

    /** Releases the records numbered below {@code upTo}; returns how many were released. */
    public int acknowledge(long upTo) {
        int before = held.size();
        held.removeIf(r -> r.sequence() < upTo);
        return before - held.size();
    }

    /** Removes and returns everything still held. */
    public List<HeldRecord> drain() {
        List<HeldRecord> out = new ArrayList<>(held);
        held.clear();
        return out;
    }

    public int size() {
        return held.size();
    }
}
