package org.mcelogjava.daemon.sink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Consumer;
import org.mcelogjava.daemon.bytes.RecordBytes;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.mce.MceLayout;
import org.mcelogjava.protocol.stream.StreamRecord;

/**
 * The last records published, kept for a replay as bytes in one array, not as objects: a record kept
 * for thousands of records outlives the young generation, and as objects the replay was promoted and
 * collected again by full collections at the stream's rate (issue 16: the pipeline ran 1.6 to 1.8
 * times as fast with the replay as bytes). A replay turns the bytes back into records.
 *
 * <p>At most {@code capacity} records and {@code bytes} bytes: the oldest go first. The array
 * starts at {@value #FIRST_BYTES} bytes and doubles, up to {@code bytes}, while the records it keeps
 * need more, so a daemon that sees few errors never holds the whole bound (4 MiB for the daemon's
 * stream). A record larger than the bound is not kept. Not thread-safe: the caller locks.
 */
final class ReplayRing {

    /** Where an entry's length is kept, before its bytes. */
    private static final int LENGTH_BYTES = Integer.BYTES;

    /** The array's first size, when the bound is larger. */
    static final int FIRST_BYTES = 64 * 1024;

    private final int capacity;
    private final int bytes;
    private byte[] ring;
    /** Absolute offsets (growing without bound) of the entries kept, oldest first, as a circular queue. */
    private final long[] starts;
    private int first;
    private int count;
    private long end;
    private final byte[] mce = new byte[MceLayout.SIZE];
    private final RecordBytes scratch = new RecordBytes(4096);

    /**
     * @param capacity records kept at most
     * @param bytes    the most the ring grows to (it starts at 64 KiB and doubles as records need); an
     *                 entry is about 1 KiB (its text is most of it)
     */
    ReplayRing(int capacity, int bytes) {
        this.capacity = capacity;
        this.bytes = capacity == 0 ? 0 : bytes;
        this.ring = new byte[Math.min(this.bytes, FIRST_BYTES)];
        this.starts = new long[capacity];
    }

    /** Keeps {@code record}, letting the oldest go to make room. */
    void add(StreamRecord record) {
        if (capacity == 0) {
            return;
        }
        ByteBuffer entry = encode(record);
        int length = entry.remaining() + LENGTH_BYTES;
        if (length > bytes) {
            return;
        }
        long needed = (count > 0 ? end - starts[first] : 0) + length;
        if (needed > ring.length && ring.length < bytes) {
            grow((int) Math.min(bytes, Math.max(needed, 2L * ring.length)));
        }
        long start = end;
        int at = (int) (start % ring.length);
        if (at + length > ring.length) {
            start += ring.length - at; // entries never wrap: the rest of the ring is skipped
            at = 0;
        }
        while (count == capacity || (count > 0 && start + length - starts[first] > ring.length)) {
            first = (first + 1) % capacity;
            count--;
        }
        ByteBuffer.wrap(ring, at, LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(length - LENGTH_BYTES);
        entry.get(ring, at + LENGTH_BYTES, length - LENGTH_BYTES);
        starts[(first + count) % capacity] = start;
        count++;
        end = start + length;
    }

    /** Moves the records kept, oldest first, to the start of a new array of {@code size} bytes. */
    private void grow(int size) {
        byte[] grown = new byte[size];
        int at = 0;
        for (int i = 0; i < count; i++) {
            int slot = (first + i) % capacity;
            int from = (int) (starts[slot] % ring.length);
            int length = LENGTH_BYTES + ByteBuffer.wrap(ring, from, LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN).getInt();
            System.arraycopy(ring, from, grown, at, length);
            starts[slot] = at;
            at += length;
        }
        end = at;
        ring = grown;
    }

    /** The bytes the array holds now: what the ring costs. */
    int allocated() {
        return ring.length;
    }

    /** The records kept, oldest first. */
    void forEach(Consumer<StreamRecord> action) {
        for (int i = 0; i < count; i++) {
            int at = (int) (starts[(first + i) % capacity] % ring.length);
            ByteBuffer entry = ByteBuffer.wrap(ring, at, LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            int length = entry.getInt();
            action.accept(decode(ByteBuffer.wrap(ring, at + LENGTH_BYTES, length).order(ByteOrder.LITTLE_ENDIAN)));
        }
    }

    /** Forgets every record kept. */
    void clear() {
        count = 0;
    }

    int size() {
        return count;
    }

    private ByteBuffer encode(StreamRecord r) {
        scratch.clear();
        scratch.putLong(r.seq());
        MceCodec.encode(r.mce(), mce, 0, MceLayout.SIZE);
        scratch.put(mce);
        for (String s : new String[] {r.cpuType(), r.bankName(), r.errorClass(), r.severity(), r.transaction(),
                r.level()}) {
            scratch.putString(s);
        }
        scratch.putLong(r.socket()).putLong(r.channel()).putLong(r.dimm()).putString(r.dimmLabel()).putLong(r.page())
                .putStrings(r.thresholds()).putStrings(r.actions()).putString(r.text());
        return scratch.written();
    }

    private static StreamRecord decode(ByteBuffer b) {
        long seq = b.getLong();
        byte[] mce = new byte[MceLayout.SIZE];
        b.get(mce);
        String cpuType = RecordBytes.string(b);
        String bankName = RecordBytes.string(b);
        String errorClass = RecordBytes.string(b);
        String severity = RecordBytes.string(b);
        String transaction = RecordBytes.string(b);
        String level = RecordBytes.string(b);
        long socket = b.getLong();
        long channel = b.getLong();
        long dimm = b.getLong();
        String dimmLabel = RecordBytes.string(b);
        long page = b.getLong();
        List<String> thresholds = RecordBytes.strings(b);
        List<String> actions = RecordBytes.strings(b);
        return new StreamRecord(seq, MceCodec.decode(mce, 0, MceLayout.SIZE), cpuType, bankName, errorClass,
                severity, transaction, level, socket, channel, dimm, dimmLabel, page, thresholds, actions,
                RecordBytes.string(b));
    }
}
