package org.mcelogjava.daemon.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FieldPrinter} reproduces decode_bitfield/decode_numfield layout. */
class FieldPrinterTest {

    private static String bits(long value, List<BitField> fields) {
        TextBuffer out = new TextBuffer(64);
        FieldPrinter.bits(value, fields, out);
        return out.toString();
    }

    @Test
    void joinsNamesWithSpacesAndWrapsBeforeSeventyFiveColumns() {
        String forty = "x".repeat(40);
        List<BitField> fields = List.of(BitField.flag(0, forty), BitField.flag(1, forty), BitField.flag(2, "z"));
        assertEquals(forty + "\n" + forty + " z\n", bits(7, fields));
    }

    @Test
    void printsUnnamedNonZeroValuesAsStartAndHexValue() {
        List<BitField> fields = List.of(BitField.of(16, NameTable.empty(8)), BitField.flag(20, "named"));
        assertEquals("<16:5> named\n", bits(0x150000, fields));
        assertEquals("", bits(0, fields));
    }

    @Test
    void aLongFirstNameStartsWithANewline() {
        String long80 = "y".repeat(80);
        assertEquals("\n" + long80 + "\n", bits(1, List.of(BitField.flag(0, long80))));
    }

    @Test
    void numbersPrintWhenNonZeroOrForced() {
        TextBuffer out = new TextBuffer(64);
        FieldPrinter.numbers(0x2a00, List.of(NumField.hex(8, 15, "a"), NumField.decForced(0, 3, "b"),
                NumField.dec(4, 7, "c")), out);
        assertEquals("a: 2a\nb: 0\n", out.toString());
    }
}
