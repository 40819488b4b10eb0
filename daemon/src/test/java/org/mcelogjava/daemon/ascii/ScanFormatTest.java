package org.mcelogjava.daemon.ascii;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link ScanFormat} behaves like glibc's sscanf for the conversions mcelog's parser uses. */
class ScanFormatTest {

    private static ScanResult scan(String format, String input) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        return ScanFormat.compile(format).scan(bytes, 0, bytes.length, new ScanResult());
    }

    @Test
    void returnsEofWhenInputEndsBeforeTheFirstConversion() {
        assertEquals(-1, scan("STATUS %llx%n", "STATUS \n").count());
        assertEquals(-1, scan("STATUS %llx%n", "STAT").count());
        assertEquals(0, scan("STATUS %llx%n", "STATUS zz").count());
    }

    @Test
    void acceptsHexPrefixesSignsAndReportsConsumedLength() {
        ScanResult r = scan("ADDR %llx%n", "ADDR 0X1000 tail");
        assertEquals(1, r.count());
        assertEquals(0x1000, r.number(0));
        assertEquals(11, r.consumed());
        assertEquals(-0x10L, scan("ADDR %llx", "ADDR -10").number(0));
        ScanResult bare = scan("ADDR %llx%n", "ADDR 0xg");
        assertEquals(0, bare.number(0));
        assertEquals(7, bare.consumed());
    }

    @Test
    void saturatesOnOverflowAndTruncatesThirtyTwoBitTargets() {
        assertEquals(-1L, scan("%llx", "fffffffffffffffff").number(0));
        assertEquals(99999999999L & 0xffffffffL, scan("%u", "99999999999").number(0));
        assertEquals(0xffffffffL, scan("%u", "999999999999999999999").number(0));
        assertEquals(0xfffffffeL, scan("%u", "-2").number(0));
    }

    @Test
    void honoursWidthsAndStopsAtTheFirstMismatch() {
        ScanResult r = scan("%02x:<%016Lx> {%99s}%n", "10:ffffffff81000000");
        assertEquals(1, r.count());
        assertEquals(0x10, r.number(0));
        assertEquals(0, r.consumed());
        ScanResult sym = scan("%02x:<%016Lx> {%99s}%n", "10:<ffffffff81000000> {sym+0x1/0x2}");
        assertEquals(3, sym.count());
        assertEquals("sym+0x1/0x2}", sym.string(2));
    }

    @Test
    void scansetEatsHexDigitsLikeMcelogsKernelHeader() {
        ScanResult r = scan("CPU %u: Machine Check%*[ :Ec-x]%16Lx Bank %d: %016Lx%n",
                "CPU 0: Machine Check Exception: f Bank 1: 9000000000000134");
        assertEquals(2, r.count());
        assertEquals(0xba, r.number(1));
    }
}
