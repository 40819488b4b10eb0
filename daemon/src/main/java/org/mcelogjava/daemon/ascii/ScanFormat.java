package org.mcelogjava.daemon.ascii;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled C {@code sscanf} format with glibc's semantics, for the handful of conversions
 * mcelog's ascii parser uses: {@code %u %d %x %i} (32-bit) and {@code %llu %llx %Lx} (64-bit)
 * with optional width, {@code %s}, {@code %*[set]}, {@code %n}, white space and literal
 * characters. Reproducing sscanf exactly is what makes mcelog's parsing quirks (partial matches,
 * {@code 0x} prefixes, signs, widths, the ctime skip) come out the same.
 *
 * <p>Numbers are collected as glibc does (optional sign, for hex an optional {@code 0x}, then
 * digits up to the width) and converted like {@code strtoul}/{@code strtol}/{@code strtoull}:
 * overflow saturates, a minus sign negates modulo 2<sup>64</sup>, and 32-bit targets keep the low
 * 32 bits.
 */
public final class ScanFormat {

    private enum Kind { WHITESPACE, LITERAL, UNSIGNED, SIGNED, HEX, AUTO, STRING, SET, COUNT }

    private record Directive(Kind kind, char literal, int width, boolean wide, boolean suppress, boolean[] set) { }

    private final Directive[] directives;
    /** For formats shaped {@code WORD %<number>%n}: the word; null otherwise. */
    private final byte[] keyword;
    private final Directive keywordNumber;

    private ScanFormat(Directive[] directives) {
        this.directives = directives;
        int n = directives.length;
        boolean keywordShape = n >= 4 && directives[n - 1].kind() == Kind.COUNT
                && directives[n - 3].kind() == Kind.WHITESPACE;
        for (int i = 0; i < n - 3 && keywordShape; i++) {
            keywordShape = directives[i].kind() == Kind.LITERAL;
        }
        Directive number = keywordShape ? directives[n - 2] : null;
        if (number != null && switch (number.kind()) {
            case UNSIGNED, SIGNED, HEX, AUTO -> false;
            default -> true;
        }) {
            number = null;
        }
        if (number != null) {
            keyword = new byte[n - 3];
            for (int i = 0; i < keyword.length; i++) {
                keyword[i] = (byte) directives[i].literal();
            }
        } else {
            keyword = null;
        }
        keywordNumber = number;
    }

    /** Compiles a format; only the conversions listed in the class comment are accepted. */
    public static ScanFormat compile(String format) {
        List<Directive> out = new ArrayList<>();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (isSpace(c)) {
                while (i < format.length() && isSpace(format.charAt(i))) {
                    i++;
                }
                out.add(new Directive(Kind.WHITESPACE, ' ', 0, false, false, null));
                continue;
            }
            if (c != '%') {
                out.add(new Directive(Kind.LITERAL, c, 0, false, false, null));
                i++;
                continue;
            }
            i++;
            boolean suppress = false;
            if (format.charAt(i) == '*') {
                suppress = true;
                i++;
            }
            int width = -1;
            while (Character.isDigit(format.charAt(i))) {
                width = (width < 0 ? 0 : width * 10) + (format.charAt(i) - '0');
                i++;
            }
            boolean wide = false;
            while (format.charAt(i) == 'l' || format.charAt(i) == 'L') {
                wide = true;
                i++;
            }
            char conv = format.charAt(i++);
            switch (conv) {
                case 'u' -> out.add(new Directive(Kind.UNSIGNED, ' ', width, wide, suppress, null));
                case 'd' -> out.add(new Directive(Kind.SIGNED, ' ', width, wide, suppress, null));
                case 'x' -> out.add(new Directive(Kind.HEX, ' ', width, wide, suppress, null));
                case 'i' -> out.add(new Directive(Kind.AUTO, ' ', width, wide, suppress, null));
                case 's' -> out.add(new Directive(Kind.STRING, ' ', width, false, suppress, null));
                case 'n' -> out.add(new Directive(Kind.COUNT, ' ', -1, false, false, null));
                case '[' -> {
                    boolean[] set = new boolean[256];
                    int start = i;
                    while (format.charAt(i) != ']' || i == start) {
                        char a = format.charAt(i);
                        if (i + 2 < format.length() && format.charAt(i + 1) == '-' && format.charAt(i + 2) != ']') {
                            for (char x = a; x <= format.charAt(i + 2); x++) {
                                set[x] = true;
                            }
                            i += 3;
                        } else {
                            set[a] = true;
                            i++;
                        }
                    }
                    i++;
                    out.add(new Directive(Kind.SET, ' ', width, false, suppress, set));
                }
                default -> throw new IllegalArgumentException("unsupported conversion %" + conv + " in " + format);
            }
        }
        return new ScanFormat(out.toArray(new Directive[0]));
    }

    /** Scans a Java string (used for option values); returns a fresh result. */
    public ScanResult scan(String input, int from) {
        byte[] bytes = input.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ScanResult result = new ScanResult();
        scan(bytes, from, bytes.length, result);
        return result;
    }

    /**
     * Scans {@code input[from..end)} (the C string ends at {@code end}) into {@code result},
     * which is reset first; its {@link ScanResult#count()} is sscanf's return value.
     */
    public ScanResult scan(byte[] input, int from, int end, ScanResult result) {
        result.reset(input);
        if (keyword != null) {
            return scanKeyword(input, from, end, result);
        }
        int p = from;
        for (Directive d : directives) {
            switch (d.kind()) {
                case WHITESPACE -> {
                    while (p < end && isSpace((char) (input[p] & 0xff))) {
                        p++;
                    }
                }
                case LITERAL -> {
                    if (p >= end) {
                        return result.inputFailure();
                    }
                    if ((char) (input[p] & 0xff) != d.literal()) {
                        return result;
                    }
                    p++;
                }
                case COUNT -> result.consumed = p - from;
                case STRING -> {
                    while (p < end && isSpace((char) (input[p] & 0xff))) {
                        p++;
                    }
                    if (p >= end) {
                        return result.inputFailure();
                    }
                    int start = p;
                    int limit = d.width() > 0 ? d.width() : Integer.MAX_VALUE;
                    while (p < end && !isSpace((char) (input[p] & 0xff)) && p - start < limit) {
                        p++;
                    }
                    if (!d.suppress()) {
                        result.addString(start, p);
                    }
                }
                case SET -> {
                    if (p >= end) {
                        return result.inputFailure();
                    }
                    int start = p;
                    int limit = d.width() > 0 ? d.width() : Integer.MAX_VALUE;
                    while (p < end && d.set()[input[p] & 0xff] && p - start < limit) {
                        p++;
                    }
                    if (p == start) {
                        return result;
                    }
                    if (!d.suppress()) {
                        result.addString(start, p);
                    }
                }
                default -> {
                    while (p < end && isSpace((char) (input[p] & 0xff))) {
                        p++;
                    }
                    if (p >= end) {
                        return result.inputFailure();
                    }
                    int next = number(input, p, end, d, result);
                    if (next < 0) {
                        return result;
                    }
                    p = next;
                }
            }
        }
        return result;
    }

    /** The same steps as {@link #scan} for the common {@code WORD %x%n} shape, without the directive loop. */
    private ScanResult scanKeyword(byte[] input, int from, int end, ScanResult result) {
        int p = from;
        for (byte k : keyword) {
            if (p >= end) {
                return result.inputFailure();
            }
            if (input[p] != k) {
                return result;
            }
            p++;
        }
        while (p < end && isSpace(input[p])) {
            p++;
        }
        if (p >= end) {
            return result.inputFailure();
        }
        p = number(input, p, end, keywordNumber, result);
        if (p >= 0) {
            result.consumed = p - from;
        }
        return result;
    }

    /** Reads one number at {@code p}; returns the position after it, or -1 on a matching failure. */
    private static int number(byte[] s, int p, int end, Directive d, ScanResult result) {
        int width = d.width() > 0 ? d.width() : Integer.MAX_VALUE;
        int base = switch (d.kind()) {
            case HEX -> 16;
            case AUTO -> 0;
            default -> 10;
        };
        boolean negative = false;
        boolean signOnly = false;
        char c = (char) (s[p] & 0xff);
        if (c == '-' || c == '+') {
            negative = c == '-';
            signOnly = true;
            p++;
            width--;
        }
        boolean zero = false;
        if (width != 0 && p < end && (char) (s[p] & 0xff) == '0') {
            zero = true;
            signOnly = false;
            width--;
            p++;
            if (width != 0 && p < end && ((char) (s[p] & 0xff) == 'x' || (char) (s[p] & 0xff) == 'X')) {
                if (base == 0) {
                    base = 16;
                }
                if (base == 16) {
                    width--;
                    p++;
                }
            } else if (base == 0) {
                base = 8;
            }
        }
        if (base == 0) {
            base = 10;
        }
        int digitsStart = p;
        long magnitude = 0;
        boolean overflow = false;
        int digit;
        while (p < end && width != 0 && (digit = digit(s[p], base)) >= 0) {
            // value * base + digit stays below 2^64 while value < 2^64 / 16
            if (magnitude >>> 59 != 0 && Long.compareUnsigned(magnitude, Long.divideUnsigned(-1L - digit, base)) > 0) {
                overflow = true;
            }
            magnitude = magnitude * base + digit;
            p++;
            width--;
        }
        if (p == digitsStart && !zero) {
            return -1;
        }
        if (signOnly && p == digitsStart) {
            return -1;
        }
        long value = convert(magnitude, overflow, negative, d.kind() == Kind.SIGNED || d.kind() == Kind.AUTO);
        if (!d.wide()) {
            value &= 0xffffffffL;
        }
        if (!d.suppress()) {
            result.addNumber(value);
        }
        return p;
    }

    /** strtoull / strtol semantics for a magnitude read from the digits. */
    private static long convert(long value, boolean overflow, boolean negative, boolean signed) {
        if (signed) {
            if (overflow || (!negative && value < 0) || (negative && Long.compareUnsigned(value, Long.MIN_VALUE) > 0)) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            return negative ? -value : value;
        }
        if (overflow) {
            return -1L;
        }
        return negative ? -value : value;
    }

    /** The value of an ASCII digit in {@code base}, or -1. */
    private static int digit(byte b, int base) {
        int v = b - '0';
        if (v > 9) {
            v = (b | 0x20) - 'a' + 10;
            if (v < 10) {
                return -1;
            }
        }
        return v >= 0 && v < base ? v : -1;
    }

    /** C {@code isspace} in the C locale. */
    public static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    /** C {@code isspace} in the C locale. */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }
}
