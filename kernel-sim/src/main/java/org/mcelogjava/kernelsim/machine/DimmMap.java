package org.mcelogjava.kernelsim.machine;

import java.util.ArrayList;
import java.util.List;

/**
 * Physical memory laid out on DIMMs: sockets × channels × slots, each DIMM a contiguous range
 * (a machine without memory controller banks has none; no channel or rank interleaving — a simplification that keeps "same row" and "same DIMM"
 * visible in the addresses). Inside a DIMM an address is {@code ((row × BANKS + bank) ×
 * ROW_BYTES) + line × 64}: a DRAM row of one bank is 8 KiB, two 4 KiB pages.
 */
public final class DimmMap {

    /** DRAM banks per DIMM (DDR4: 4 bank groups × 4). */
    public static final int BANKS = 16;
    /** Bytes in one row of one bank. */
    public static final int ROW_BYTES = 8192;
    /** Cache line: the granularity of a memory error address (MISC address LSB 6). */
    public static final int LINE_BYTES = 64;

    private final List<Dimm> dimms;

    /**
     * @param memoryBytes       physical memory to spread evenly over the DIMMs
     * @param sockets           sockets with memory controllers
     * @param channelsPerSocket channels per socket
     * @param slotsPerChannel   DIMMs per channel
     */
    public DimmMap(long memoryBytes, int sockets, int channelsPerSocket, int slotsPerChannel) {
        int count = sockets * channelsPerSocket * slotsPerChannel;
        long size = count == 0 ? 0 : memoryBytes / count / ((long) BANKS * ROW_BYTES) * BANKS * ROW_BYTES;
        if (size == 0 && count > 0) {
            throw new IllegalArgumentException(memoryBytes + " bytes are too few for " + count + " DIMMs");
        }
        List<Dimm> list = new ArrayList<>();
        for (int s = 0; s < sockets; s++) {
            for (int c = 0; c < channelsPerSocket; c++) {
                for (int slot = 0; slot < slotsPerChannel; slot++) {
                    list.add(new Dimm(list.size(), s, c, slot, list.size() * size, size));
                }
            }
        }
        this.dimms = List.copyOf(list);
    }

    public List<Dimm> dimms() {
        return dimms;
    }

    /** Rows per bank on each DIMM. */
    public long rows() {
        return dimms.isEmpty() ? 0 : dimms.get(0).size() / ((long) BANKS * ROW_BYTES);
    }

    /** The physical address of {@code line} in {@code row} of {@code bank} on {@code dimm}. */
    public long address(Dimm dimm, long row, int bank, int line) {
        return dimm.base() + (row * BANKS + bank) * ROW_BYTES + (long) line * LINE_BYTES;
    }

    /** The DIMMs on the same channel as {@code dimm} (the footprint of a channel fault). */
    public List<Dimm> channelOf(Dimm dimm) {
        return dimms.stream().filter(d -> d.socket() == dimm.socket() && d.channel() == dimm.channel()).toList();
    }

    /** The DIMM holding {@code address}, or null outside the map. */
    public Dimm dimmAt(long address) {
        if (dimms.isEmpty()) {
            return null;
        }
        long size = dimms.get(0).size();
        long i = Long.divideUnsigned(address, size);
        return i < dimms.size() ? dimms.get((int) i) : null;
    }
}
