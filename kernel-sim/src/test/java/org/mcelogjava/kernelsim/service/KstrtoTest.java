package org.mcelogjava.kernelsim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.dev.ErrnoException;
import org.mcelogjava.protocol.device.Errno;

class KstrtoTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void baseZeroIntegersWithOneTrailingNewline() throws ErrnoException {
        assertEquals(300, Kstrto.u64(b("300\n")));
        assertEquals(0x1234567000L, Kstrto.u64(b("0x1234567000")));
        assertEquals(8, Kstrto.u64(b("010")));
        assertEquals(0, Kstrto.u64(b("0")));
        assertEquals(-1L, Kstrto.u64(b("0xffffffffffffffff")));
        assertEquals(-5, Kstrto.s64(b("-5\n")));
        assertEquals(Errno.ERANGE, assertThrows(ErrnoException.class, () -> Kstrto.u64(b("0x10000000000000000"))).errno());
        for (String bad : new String[] {"", "\n", "12\n\n", " 1", "1 ", "08", "0x", "-1", "1e3", "abc"}) {
            assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> Kstrto.u64(b(bad))).errno(), bad);
        }
    }

    @Test
    void kstrtoboolLooksAtTheFirstCharacters() throws ErrnoException {
        for (String yes : new String[] {"1", "y", "Yes", "on", "ON\n"}) {
            assertTrue(Kstrto.bool(b(yes)), yes);
        }
        for (String no : new String[] {"0", "n", "No", "off", "oF"}) {
            assertFalse(Kstrto.bool(b(no)), no);
        }
        for (String bad : new String[] {"", "o", "2", "true"}) {
            assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> Kstrto.bool(b(bad))).errno(), bad);
        }
    }
}
