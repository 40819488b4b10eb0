package org.mcelogjava.daemon.device;

import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;

/**
 * What one read of the device returned: whole records of the device's record length (a trailing
 * partial record is ignored, as mcelog does), and whether MCE_GETCLEAR_FLAGS reported that the
 * kernel dropped records before this read.
 *
 * @param data         the bytes read
 * @param recordLength MCE_GET_RECORD_LEN
 * @param overflowed   the kernel's log overflowed (records were dropped) before this batch
 */
public record Batch(byte[] data, int recordLength, boolean overflowed) {

    public Batch {
        if (recordLength < 0) {
            throw new IllegalArgumentException("record length must not be negative: " + recordLength);
        }
    }

    /** Number of whole records (none when the kernel reports a record length of 0). */
    public int count() {
        return recordLength == 0 ? 0 : data.length / recordLength;
    }

    /** Record {@code i} decoded at the device's record length. */
    public Mce record(int i) {
        return MceCodec.decode(data, i * recordLength, recordLength);
    }
}
