package org.mcelogjava.kernelsim.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.machine.Dimm;
import org.mcelogjava.kernelsim.machine.DimmMap;

/**
 * MCA_SYND of a Zen UMC corrected DRAM ECC error, read back the way the kernel's
 * {@code decode_umc_error} (drivers/edac/amd64_edac.c, Linux 6.12) reads it: chip select
 * {@code synd & 0x7}, length {@code (synd >> 18) & 0x3f}, syndrome {@code (synd >> 32)} masked to
 * that length.
 */
class UmcSyndromeTest {

    private final DimmMap map = new DimmMap(16L << 30, 1, 2, 2);

    @Test
    void theChipSelectNamesTheSlotAndTheRankOfTheCell() {
        Dimm slot1 = map.dimms().get(1);
        long lowerHalf = map.address(slot1, 0, 0, 0);
        long upperHalf = map.address(slot1, map.rows() - 1, 0, 0);
        assertEquals(2, UmcSyndrome.of(slot1, lowerHalf) & 7, "slot 1, rank 0");
        assertEquals(3, UmcSyndrome.of(slot1, upperHalf) & 7, "slot 1, rank 1");
        Dimm slot0 = map.dimms().get(2); // channel 1, slot 0
        assertEquals(0, UmcSyndrome.of(slot0, map.address(slot0, 3, 5, 7)) & 7);
    }

    @Test
    void theLengthIsSixteenBitsAndTheSyndromeFitsIt() {
        Dimm d = map.dimms().get(0);
        for (int row = 0; row < 500; row++) {
            long synd = UmcSyndrome.of(d, map.address(d, row, row % DimmMap.BANKS, row % 128));
            assertEquals(16, (synd >>> 18) & 0x3f);
            long syndrome = synd >>> 32;
            assertTrue(syndrome != 0 && syndrome <= 0xffff, Long.toHexString(synd));
            assertEquals(0, synd & 0xffff_ffffL & ~(0x3fL << 18 | 7), "nothing else in the low word");
        }
    }

    @Test
    void everyBitOfTheWordHasItsOwnOddWeightSyndrome() {
        Set<Integer> seen = new HashSet<>();
        for (int bit = 0; bit < 144; bit++) {
            int s = UmcSyndrome.syndrome(bit);
            assertTrue(s > 0 && s <= 0xffff);
            assertEquals(1, Integer.bitCount(s) % 2, "odd weight: a single-bit error is never taken for a double");
            assertTrue(seen.add(s), "bit " + bit + " shares syndrome " + Integer.toHexString(s));
        }
    }

    @Test
    void aCellFailsInOneBitAndCellsSpreadOverTheWord() {
        Dimm d = map.dimms().get(0);
        long cell = map.address(d, 12, 3, 9);
        assertEquals(UmcSyndrome.of(d, cell), UmcSyndrome.of(d, cell));
        Set<Integer> bits = new HashSet<>();
        for (int line = 0; line < 128; line++) {
            bits.add(UmcSyndrome.failingBit(map.address(d, 12, 3, line)));
        }
        assertTrue(bits.size() > 50, bits.size() + " distinct bits over 128 cells");
    }
}
