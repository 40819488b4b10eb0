package org.mcelogjava.kernelsim.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.mcelogjava.kernelsim.machine.Dimm;
import org.mcelogjava.kernelsim.machine.DimmMap;

/**
 * An active fault on one DIMM: its mode, the weak cells its footprint holds, and its error
 * rates. Field errors are dominated by hard faults that repeat (ecosystem.md §3.4: "Cosmic Rays
 * Don't Strike Twice", Oak Ridge's 70% recurring), so a fault owns a fixed set of cells — one
 * for a single-bit fault, a few in one row, a column across rows, a bank, or a channel's DIMMs —
 * and every error hits one of them. That is what makes page offlining effective.
 *
 * @param dimm        the DIMM the fault sits on
 * @param mode        spatial footprint
 * @param cells       physical addresses (cache lines) of the weak cells, at least one
 * @param cePerSecond corrected errors per virtual second (before bursts)
 * @param uePerSecond uncorrected errors per virtual second
 */
public record DimmFault(Dimm dimm, FaultMode mode, List<Long> cells, double cePerSecond, double uePerSecond) {

    public DimmFault {
        cells = List.copyOf(cells);
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("a fault needs at least one cell");
        }
    }

    /** Draws a fault of {@code mode} on {@code dimm}: its anchor and its weak cells. */
    static DimmFault draw(Dimm dimm, FaultMode mode, DimmMap map, RandomGenerator rnd, double cePerSecond,
                          double uePerSecond) {
        int lines = DimmMap.ROW_BYTES / DimmMap.LINE_BYTES;
        long row = rnd.nextLong(map.rows());
        int bank = rnd.nextInt(DimmMap.BANKS);
        int line = rnd.nextInt(lines);
        List<Long> cells = new ArrayList<>();
        switch (mode) {
            case SINGLE_BIT -> cells.add(map.address(dimm, row, bank, line));
            case SINGLE_ROW -> {
                for (int i = 0; i < 8; i++) {
                    cells.add(map.address(dimm, row, bank, rnd.nextInt(lines)));
                }
            }
            case SINGLE_COLUMN -> {
                for (int i = 0; i < 32; i++) {
                    cells.add(map.address(dimm, rnd.nextLong(map.rows()), bank, line));
                }
            }
            case BANK -> {
                for (int i = 0; i < 64; i++) {
                    cells.add(map.address(dimm, rnd.nextLong(map.rows()), bank, rnd.nextInt(lines)));
                }
            }
            case CHANNEL -> {
                List<Dimm> channel = map.channelOf(dimm);
                for (int i = 0; i < 64; i++) {
                    Dimm d = channel.get(rnd.nextInt(channel.size()));
                    cells.add(map.address(d, rnd.nextLong(map.rows()), rnd.nextInt(DimmMap.BANKS), rnd.nextInt(lines)));
                }
            }
        }
        return new DimmFault(dimm, mode, cells, cePerSecond, uePerSecond);
    }

    /** The address of the next error from this fault. */
    long nextAddress(RandomGenerator rnd) {
        return cells.get(rnd.nextInt(cells.size()));
    }
}
