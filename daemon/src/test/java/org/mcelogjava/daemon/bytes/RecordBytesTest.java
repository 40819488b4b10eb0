package org.mcelogjava.daemon.bytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values written into a growing buffer and read back, across growth and a reuse. */
class RecordBytesTest {

    @Test
    void valuesAreReadBackInOrderAfterTheBufferGrew() {
        RecordBytes out = new RecordBytes(4);
        char[] wide = new char[5_000];
        Arrays.fill(wide, '\u00e9');
        String big = new String(wide);
        out.putLong(-2).putInt(7).putBoolean(true).putString(null).putString(big).putStrings(List.of("a", "\u00b5s"));
        ByteBuffer in = out.written();
        assertEquals(-2, in.getLong());
        assertEquals(7, in.getInt());
        assertEquals(1, in.get());
        assertNull(RecordBytes.string(in));
        assertEquals(big, RecordBytes.string(in));
        assertEquals(List.of("a", "\u00b5s"), RecordBytes.strings(in));
        assertFalse(in.hasRemaining());
    }

    @Test
    void stringsAreTheirUtf8LengthAndBytesWhateverTheirCharacters() {
        RecordBytes out = new RecordBytes(4);
        List<String> strings = List.of("", "SOCKET:0 CHANNEL:1 DIMM:any", "CPU0_DIMM_\u00c91", "\u20ac", "\ud83d\ude00 x",
                "ascii then \u00e9", "\u007f");
        strings.forEach(out::putString);
        ByteBuffer in = out.written();
        for (String s : strings) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(utf8.length, in.getInt(in.position()), "the length of " + s);
            byte[] written = new byte[utf8.length];
            in.get(in.position() + Integer.BYTES, written);
            assertArrayEquals(utf8, written, s);
            assertEquals(s, RecordBytes.string(in));
        }
        assertFalse(in.hasRemaining());
    }

    @Test
    void aClearedBufferStartsAgainAndAnIntCanBeWrittenBackOnceKnown() {
        RecordBytes out = new RecordBytes(64);
        out.putString("first record");
        out.clear();
        out.putInt(0).putString("x");
        out.putIntAt(0, out.position());
        ByteBuffer in = out.written();
        assertEquals(9, in.getInt());
        assertEquals("x", RecordBytes.string(in));
        assertEquals("x", RecordBytes.string(out.slice(4, 9)));
    }
}
