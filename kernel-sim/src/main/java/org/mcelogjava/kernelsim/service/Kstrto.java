package org.mcelogjava.kernelsim.service;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.mcelogjava.kernelsim.dev.ErrnoException;
import org.mcelogjava.protocol.device.Errno;

/**
 * The kernel's parsers for what is written to a sysfs file (lib/kstrtox.c): {@code kstrtou64} and
 * {@code kstrtoll} with base 0 ({@code 0x} hex, leading-0 octal, else decimal; one trailing newline
 * allowed) and {@code kstrtobool}. Anything else is EINVAL (ERANGE for an overflow).
 */
final class Kstrto {

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Kstrto() {
    }

    /** {@code kstrtou64(buf, 0)}: the value as the 64 bits of a u64. */
    static long u64(byte[] buf) throws ErrnoException {
        String s = text(buf);
        BigInteger v = magnitude(s, s);
        if (v.compareTo(U64_MAX) > 0) {
            throw new ErrnoException(Errno.ERANGE, s);
        }
        return v.longValue();
    }

    /** {@code kstrtoll(buf, 0)}: a signed value, a leading '-' allowed. */
    static long s64(byte[] buf) throws ErrnoException {
        String s = text(buf);
        boolean negative = s.startsWith("-");
        BigInteger v = magnitude(negative ? s.substring(1) : s, s);
        if (negative) {
            v = v.negate();
        }
        if (v.bitLength() > 63) {
            throw new ErrnoException(Errno.ERANGE, s);
        }
        return v.longValue();
    }

    /** {@code kstrtobool}: y/Y/1/on true, n/N/0/off false, judged by the first one or two characters. */
    static boolean bool(byte[] buf) throws ErrnoException {
        String s = new String(buf, StandardCharsets.ISO_8859_1);
        if (!s.isEmpty()) {
            switch (s.charAt(0)) {
                case 'y', 'Y', '1' -> {
                    return true;
                }
                case 'n', 'N', '0' -> {
                    return false;
                }
                case 'o', 'O' -> {
                    if (s.length() > 1) {
                        char c = s.charAt(1);
                        if (c == 'n' || c == 'N') {
                            return true;
                        }
                        if (c == 'f' || c == 'F') {
                            return false;
                        }
                    }
                }
                default -> { }
            }
        }
        throw new ErrnoException(Errno.EINVAL, "not a boolean: " + s.strip());
    }

    private static String text(byte[] buf) {
        String s = new String(buf, StandardCharsets.ISO_8859_1);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static BigInteger magnitude(String digits, String whole) throws ErrnoException {
        int radix = 10;
        String d = digits;
        if (d.startsWith("0x") || d.startsWith("0X")) {
            radix = 16;
            d = d.substring(2);
        } else if (d.length() > 1 && d.startsWith("0")) {
            radix = 8;
            d = d.substring(1);
        }
        if (d.isEmpty()) {
            throw new ErrnoException(Errno.EINVAL, "not a number: '" + whole + "'");
        }
        for (int i = 0; i < d.length(); i++) {
            if (Character.digit(d.charAt(i), radix) < 0) {
                throw new ErrnoException(Errno.EINVAL, "not a number: '" + whole + "'");
            }
        }
        return new BigInteger(d, radix);
    }
}
