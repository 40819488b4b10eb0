package org.mcelogjava.daemon.decode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for mcelog's text, which is all single-byte characters: the decoders and
 * formatters append to it and the result goes to a stream without further copying. It does the
 * job of a {@code StringBuilder} with far less code per call, which keeps the JIT's work small
 * for a short-lived {@code --ascii} process.
 */
public final class TextBuffer {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private byte[] bytes;
    private int length;

    public TextBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    /** Appends a string of single-byte characters (others are truncated to their low byte). */
    @SuppressWarnings("deprecation")
    public TextBuffer append(String s) {
        int n = s.length();
        ensure(n);
        // the byte-truncating copy is exactly right for ISO-8859-1 text and is a plain array copy
        s.getBytes(0, n, bytes, length);
        length += n;
        return this;
    }

    public TextBuffer append(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** Appends the bytes of another buffer. */
    public TextBuffer append(TextBuffer other) {
        ensure(other.length);
        System.arraycopy(other.bytes, 0, bytes, length, other.length);
        length += other.length;
        return this;
    }

    /** Appends {@code v} in signed decimal ({@code %d}). */
    public TextBuffer append(int v) {
        return append((long) v);
    }

    /** Appends {@code v} in signed decimal ({@code %lld}). */
    public TextBuffer append(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return append(Long.toString(v));
            }
            append('-');
            v = -v;
        }
        return decimal(v);
    }

    /** Appends {@code v} in unsigned decimal ({@code %llu}). */
    public TextBuffer appendUnsigned(long v) {
        return v < 0 ? append(Long.toUnsignedString(v)) : decimal(v);
    }

    /** Appends {@code v} in unsigned lower-case hex without prefix ({@code %llx}). */
    public TextBuffer appendHex(long v) {
        int digits = v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) >> 2;
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = HEX[(int) v & 0xf];
            v >>>= 4;
        }
        length += digits;
        return this;
    }

    private TextBuffer decimal(long v) {
        if (v < 10) {
            ensure(1);
            bytes[length++] = (byte) ('0' + v);
            return this;
        }
        if (v > Integer.MAX_VALUE) {
            return append(Long.toString(v));
        }
        int x = (int) v;
        int digits = 1;
        for (int limit = 10; digits < 10 && x >= limit; limit *= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            int q = x / 10;
            bytes[i] = (byte) ('0' + x - q * 10);
            x = q;
        }
        length += digits;
        return this;
    }

    public int length() {
        return length;
    }

    /** Empties the buffer, keeping its capacity. */
    public void clear() {
        length = 0;
    }

    /** Writes the content to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    /** Writes the first {@code count} bytes to {@code out} and removes them from the buffer. */
    public void writeHeadTo(OutputStream out, int count) throws IOException {
        out.write(bytes, 0, count);
        System.arraycopy(bytes, count, bytes, 0, length - count);
        length -= count;
    }

    @Override
    public String toString() {
        return latin1(bytes, 0, length);
    }

    /**
     * A string of single-byte characters, through the (deprecated) constructor that is a plain
     * array copy: the charset-decoding constructor is far more code for the JIT to compile.
     */
    @SuppressWarnings("deprecation")
    public static String latin1(byte[] bytes, int offset, int count) {
        return new String(bytes, 0, offset, count);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
