package org.mcelogjava.daemon.decode;

import java.util.List;

/**
 * Renders bit-field and number tables the way mcelog's {@code decode_bitfield} and
 * {@code decode_numfield} do: names separated by single spaces, wrapped before a name that would
 * take the line past 75 characters (which puts a newline even before a first, long name), and a
 * final newline only if something was printed.
 */
public final class FieldPrinter {

    private static final int LINE_LIMIT = 75;

    private FieldPrinter() {
    }

    /** {@code decode_bitfield}. */
    public static void bits(long value, List<BitField> fields, TextBuffer out) {
        int lineLength = 0;
        String delimiter = "";
        for (BitField f : fields) {
            long v = (value >>> f.startBit()) & f.mask();
            String s = f.names().get(v);
            if (s == null) {
                if (v == 0) {
                    continue;
                }
                s = "<" + f.startBit() + ":" + Long.toHexString(v) + ">";
            }
            if (lineLength + s.length() > LINE_LIMIT) {
                delimiter = "\n";
                lineLength = 0;
            }
            out.append(delimiter).append(s);
            delimiter = " ";
            lineLength += s.length() + 1;
        }
        if (lineLength > 0) {
            out.append('\n');
        }
    }

    /** {@code decode_bitfield} over a single field. */
    public static void bits(long value, BitField field, TextBuffer out) {
        bits(value, List.of(field), out);
    }

    /** {@code decode_numfield}. */
    public static void numbers(long value, List<NumField> fields, TextBuffer out) {
        for (NumField f : fields) {
            // mcelog computes the mask with a shift that wraps at 64 bits, as Java's does
            long mask = (1L << (f.end() - f.start() + 1)) - 1;
            long v = (value >>> f.start()) & mask;
            if (v != 0 || f.force()) {
                out.append(f.name()).append(": ");
                if (f.hex()) {
                    out.appendHex(v);
                } else {
                    out.appendUnsigned(v);
                }
                out.append('\n');
            }
        }
    }

    /** Bits {@code from..to} (inclusive) of {@code v}, mcelog's {@code EXTRACT}. */
    public static long extract(long v, int from, int to) {
        int width = to - from + 1;
        return width >= 64 ? v >>> from : (v >>> from) & ((1L << width) - 1);
    }
}
