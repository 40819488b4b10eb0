package org.mcelogjava.daemon.bytes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Values the daemon keeps as bytes for itself (the stream's replay ring, the history's spool), written
 * into one growing, reused buffer and read back from any little-endian {@link ByteBuffer}: numbers
 * little-endian, a string as its UTF-8 length (-1 for null) then its bytes, a list of strings as its
 * size then each string. Not thread-safe: one per writer.
 */
public final class RecordBytes {

    private ByteBuffer buffer;

    /** @param capacity bytes to start with; the buffer doubles as needed */
    public RecordBytes(int capacity) {
        buffer = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Forgets what was written: the next value goes to position 0. */
    public void clear() {
        buffer.clear();
    }

    /** Bytes written since {@link #clear}. */
    public int position() {
        return buffer.position();
    }

    /** What was written since {@link #clear}, as a view (valid until the next write). */
    public ByteBuffer written() {
        return buffer.duplicate().flip().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The bytes written between {@code from} and {@code to}, as a view (valid until the next write). */
    public ByteBuffer slice(int from, int to) {
        return buffer.slice(from, to - from).order(ByteOrder.LITTLE_ENDIAN);
    }

    public RecordBytes putLong(long v) {
        room(Long.BYTES);
        buffer.putLong(v);
        return this;
    }

    public RecordBytes putInt(int v) {
        room(Integer.BYTES);
        buffer.putInt(v);
        return this;
    }

    /** Overwrites the int at {@code index}, written before (a length or a checksum known afterwards). */
    public RecordBytes putIntAt(int index, int v) {
        buffer.putInt(index, v);
        return this;
    }

    public RecordBytes putBoolean(boolean v) {
        room(1);
        buffer.put((byte) (v ? 1 : 0));
        return this;
    }

    public RecordBytes put(byte[] bytes) {
        room(bytes.length);
        buffer.put(bytes);
        return this;
    }

    /**
     * A string as its UTF-8 length (-1 for null) and bytes. Through {@link String#getBytes}: its array is
     * garbage at once, but the JDK's copy of a Latin-1 string is about 20 times faster than a loop over
     * the chars for a record's text (59 against 1,160 ns for 900 chars, 12 against 39 ns for 27).
     */
    public RecordBytes putString(String s) {
        if (s == null) {
            return putInt(-1);
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return putInt(bytes.length).put(bytes);
    }

    /** A list of strings as its size and each string. */
    public RecordBytes putStrings(List<String> list) {
        putInt(list.size());
        list.forEach(this::putString);
        return this;
    }

    /** The string written by {@link #putString} at {@code b}'s position; moves the position past it. */
    public static String string(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0) {
            return null;
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
    }

    /** The list written by {@link #putStrings} at {@code b}'s position; moves the position past it. */
    public static List<String> strings(ByteBuffer b) {
        int n = b.getInt();
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(string(b));
        }
        return list;
    }

    private void room(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
                    .order(ByteOrder.LITTLE_ENDIAN);
            buffer.flip();
            larger.put(buffer);
            buffer = larger;
        }
    }
}
