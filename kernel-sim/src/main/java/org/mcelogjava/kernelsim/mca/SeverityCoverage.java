package org.mcelogjava.kernelsim.mca;

import java.util.BitSet;

/** debugfs {@code mce/severities-coverage}: which table rows have matched; any write clears. */
public final class SeverityCoverage {

    private final BitSet covered = new BitSet();

    synchronized void hit(int row) {
        covered.set(row);
    }

    public synchronized boolean covered(int row) {
        return covered.get(row);
    }

    public synchronized void clear() {
        covered.clear();
    }
}
