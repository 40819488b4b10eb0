package org.mcelogjava.kernelsim.dev;

import java.util.Arrays;

/** One record a reader holds unacknowledged, with its delivery number. */
public record HeldRecord(long sequence, byte[] bytes) {

    public HeldRecord {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeldRecord h && h.sequence == sequence && Arrays.equals(h.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "HeldRecord[sequence=" + sequence + "]";
    }
}
