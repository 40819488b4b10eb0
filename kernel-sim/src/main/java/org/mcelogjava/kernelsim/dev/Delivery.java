package org.mcelogjava.kernelsim.dev;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one read of the device returned: consecutive records of the device's record length,
 * numbered from {@code firstSequence} in delivery order. Every record a read hands out gets the
 * next number once, the number it keeps if it is held and given back.
 *
 * @param firstSequence the number of the first record (the device's count of records handed out before it)
 * @param data          the records, {@code recordLength} bytes each; empty when nothing was pending
 */
public record Delivery(long firstSequence, byte[] data, int recordLength) {

    public Delivery {
        if (recordLength <= 0 || data.length % recordLength != 0) {
            throw new IllegalArgumentException(data.length + " bytes are not whole records of " + recordLength);
        }
        data = data.clone();
    }

    /** Number of records. */
    public int count() {
        return data.length / recordLength;
    }

    /** The records one by one, each with its number. */
    public List<HeldRecord> records() {
        List<HeldRecord> out = new ArrayList<>(data.length / recordLength);
        for (int i = 0; i * recordLength < data.length; i++) {
            out.add(new HeldRecord(firstSequence + i,
                    Arrays.copyOfRange(data, i * recordLength, (i + 1) * recordLength)));
        }
        return out;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Delivery d && d.firstSequence == firstSequence && d.recordLength == recordLength
                && Arrays.equals(d.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(firstSequence) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Delivery[firstSequence=" + firstSequence + ", records=" + data.length / recordLength + "]";
    }
}
