package org.mcelogjava.protocol.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Frames of the raw record stream, little-endian like struct mce:
 * {@code u32 length} (of what follows), {@code u8 type}, then the payload.
 * <ul>
 *   <li>type 1, RECORD: {@code u64 seq}, then the struct mce bytes at the daemon's record length;</li>
 *   <li>type 2, HEARTBEAT: {@code u64 time} (seconds), {@code u64 last seq};</li>
 *   <li>type 3, MISSED: {@code u64 count} of records dropped for this reader.</li>
 * </ul>
 */
public final class RawFrames {

    public static final int RECORD = 1;
    public static final int HEARTBEAT = 2;
    public static final int MISSED = 3;

    private RawFrames() {
    }

    public static byte[] record(long seq, byte[] mce) {
        return frame(RECORD, 8 + mce.length).putLong(seq).put(mce).array();
    }

    public static byte[] heartbeat(long time, long lastSeq) {
        return frame(HEARTBEAT, 16).putLong(time).putLong(lastSeq).array();
    }

    public static byte[] missed(long count) {
        return frame(MISSED, 8).putLong(count).array();
    }

    private static ByteBuffer frame(int type, int payload) {
        ByteBuffer b = ByteBuffer.allocate(5 + payload).order(ByteOrder.LITTLE_ENDIAN);
        return b.putInt(1 + payload).put((byte) type);
    }
}
