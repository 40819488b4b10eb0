package org.mcelogjava.kernelsim.faults;

import org.mcelogjava.kernelsim.machine.Dimm;

/**
 * What a Zen UMC logs in MCA_SYND beside a corrected DRAM ECC error (AMD PPR for family 17h model
 * 31h, pub. 55803, {@code MCA_SYND_UMC}), laid out as the kernel reads it in
 * {@code decode_umc_error} (drivers/edac/amd64_edac.c): the chip select in bits 2:0, the syndrome's
 * length in bits 23:18 and the syndrome itself from bit 32.
 *
 * <p>The model: every DIMM is dual-rank, so a slot has two chip selects, {@code 2 × slot + rank},
 * rank 0 the lower half of the DIMM's range and rank 1 the upper ({@link org.mcelogjava.kernelsim.machine.DimmMap}
 * interleaves nothing). The ECC word of a Zen 2 channel with x4 DRAM is 144 bits (128 data, 16
 * check) protected by a code with a 16-bit syndrome; a single-bit error's syndrome is the parity-check
 * column of that bit. The columns here are those of a Hsiao-style code (odd weight, all distinct:
 * the check bits unit vectors, the data bits the weight-3 vectors in increasing order), not AMD's
 * own matrix, which the PPR does not publish. A weak cell is one bit of one word, which bit fixed by
 * its address, so every error a cell repeats logs the same chip select and the same syndrome, as
 * field logs of a hard fault do.
 */
final class UmcSyndrome {

    /** Bits of the syndrome (MCA_SYND[23:18]). */
    static final int LENGTH = 16;
    private static final int DATA_BITS = 128;
    private static final int WORD_BITS = DATA_BITS + LENGTH;
    private static final int[] COLUMNS = columns();

    private UmcSyndrome() {
    }

    /** MCA_SYND of a corrected single-bit error in the cell at {@code address} on {@code dimm}. */
    static long of(Dimm dimm, long address) {
        int rank = address - dimm.base() >= dimm.size() / 2 ? 1 : 0;
        long chipSelect = 2L * dimm.slot() + rank;
        return (long) syndrome(failingBit(address)) << 32 | (long) LENGTH << 18 | chipSelect;
    }

    /** The bit of the 144-bit ECC word the weak cell at {@code address} is (a fixed mix of the address). */
    static int failingBit(long address) {
        long h = address * 0x9e3779b97f4a7c15L;
        return (int) Long.remainderUnsigned(h ^ (h >>> 29), WORD_BITS);
    }

    /** The syndrome of a single-bit error in {@code bit} of the word: its parity-check column. */
    static int syndrome(int bit) {
        return COLUMNS[bit];
    }

    private static int[] columns() {
        int[] c = new int[WORD_BITS];
        int next = 0;
        for (int v = 1; next < DATA_BITS; v++) {
            if (Integer.bitCount(v) == 3) {
                c[next++] = v;
            }
        }
        for (int i = 0; i < LENGTH; i++) {
            c[DATA_BITS + i] = 1 << i;
        }
        return c;
    }
}
