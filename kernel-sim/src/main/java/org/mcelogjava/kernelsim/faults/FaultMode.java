package org.mcelogjava.kernelsim.faults;

/**
 * The spatial footprint of a DRAM fault (ecosystem.md §3.4–3.5: Oak Ridge field data — 47%
 * single-bit, 22.5% single row or column; Beigi et al. HPCA 2023 — bank and multi-bank modes;
 * Meza et al. DSN 2015 — non-DRAM channel/controller faults spreading over a channel's DIMMs).
 * The weights are the share of faults (not of errors) in each mode.
 */
public enum FaultMode {
    /** One cell: every error repeats the same address (a hard single-bit fault). */
    SINGLE_BIT(0.47),
    /** One row of one bank: a few lines within 8 KiB, two pages. */
    SINGLE_ROW(0.12),
    /** One column of one bank: the same line offset in 32 rows, so 32 pages. */
    SINGLE_COLUMN(0.105),
    /** A DRAM bank: 64 weak cells anywhere in one bank. */
    BANK(0.20),
    /** Channel or controller (non-DRAM): 64 cells over every DIMM of the channel. */
    CHANNEL(0.105);

    private final double weight;

    FaultMode(double weight) {
        this.weight = weight;
    }

    /** Share of faults in this mode. */
    public double weight() {
        return weight;
    }

    /** Picks a mode by weight with {@code u} uniform in [0, 1). */
    static FaultMode pick(double u) {
        double acc = 0;
        for (FaultMode m : values()) {
            acc += m.weight;
            if (u < acc) {
                return m;
            }
        }
        return CHANNEL;
    }
}
