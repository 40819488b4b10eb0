package org.mcelogjava.kernelsim.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BitmapsTest {

    private static BitSet of(int... cpus) {
        BitSet b = new BitSet();
        IntStream.of(cpus).forEach(b::set);
        return b;
    }

    @Test
    void maskPrintsThirtyTwoBitGroupsWithAShortFirstGroup() {
        assertEquals("f", Bitmaps.mask(of(0, 1, 2, 3), 4));
        assertEquals("03", Bitmaps.mask(of(0, 1), 8));
        assertEquals("0011", Bitmaps.mask(of(0, 4), 16));
        assertEquals("00000003", Bitmaps.mask(of(0, 1), 32));
        assertEquals("0100,00000003", Bitmaps.mask(of(0, 1, 40), 48));
        assertEquals("80000000,00000000", Bitmaps.mask(of(63), 64));
        assertEquals("0,00000000", Bitmaps.mask(of(), 33));
    }

    @Test
    void listPrintsRanges() {
        assertEquals("0-3,8,10-11", Bitmaps.list(of(0, 1, 2, 3, 8, 10, 11)));
        assertEquals("5", Bitmaps.list(of(5)));
        assertEquals("", Bitmaps.list(of()));
    }
}
