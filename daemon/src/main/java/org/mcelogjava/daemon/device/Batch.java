package org.mcelogjava.daemon.device;

import java.util.Arrays;
import java.util.Optional;
import org.mcelogjava.daemon.decode.RecordIdentity;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;

/**
 * What one read of the device returned: whole records of the device's record length (a trailing
 * partial record is ignored, as mcelog does), whether MCE_GETCLEAR_FLAGS reported that the kernel
 * dropped records before this read, and, for a held read, the records' delivery numbers.
 *
 * @param data         the bytes read
 * @param recordLength MCE_GET_RECORD_LEN
 * @param overflowed   the kernel's log overflowed (records were dropped) before this batch
 * @param numbering    for a READ_HELD: the simulator's boot and the first record's number
 */
public record Batch(byte[] data, int recordLength, boolean overflowed, Optional<Numbering> numbering) {

    /**
     * Where a held read's records sit in the simulator's delivery order.
     *
     * @param bootId        the simulator's boot_id (numbers restart with each boot)
     * @param firstSequence the first record's number; record {@code i} is {@code firstSequence + i}
     */
    public record Numbering(String bootId, long firstSequence) {
    }

    public Batch {
        if (recordLength < 0) {
            throw new IllegalArgumentException("record length must not be negative: " + recordLength);
        }
    }

    /** A plain read's batch: not numbered. */
    public Batch(byte[] data, int recordLength, boolean overflowed) {
        this(data, recordLength, overflowed, Optional.empty());
    }

    /** Number of whole records (none when the kernel reports a record length of 0). */
    public int count() {
        return recordLength == 0 ? 0 : data.length / recordLength;
    }

    /**
     * This batch without its first {@code n} records: the same read (its overflow report kept), its
     * numbering moved on by {@code n}.
     */
    public Batch withoutFirst(int n) {
        if (n < 0 || n > count()) {
            throw new IllegalArgumentException("cannot drop " + n + " of " + count() + " records");
        }
        if (n == 0) {
            return this;
        }
        return new Batch(Arrays.copyOfRange(data, n * recordLength, count() * recordLength), recordLength,
                overflowed, numbering.map(m -> new Numbering(m.bootId(), m.firstSequence() + n)));
    }

    /** This batch's first {@code n} records, numbered as here; an overflow report stays with the rest. */
    public Batch first(int n) {
        if (n < 0 || n > count()) {
            throw new IllegalArgumentException("cannot keep " + n + " of " + count() + " records");
        }
        return new Batch(Arrays.copyOf(data, n * recordLength), recordLength, false, numbering);
    }

    /** Record {@code i}'s identity: its boot and number; none for a plain read or an unknown boot. */
    public RecordIdentity identity(int i) {
        return numbering.map(n -> RecordIdentity.of(n.bootId(), n.firstSequence() + i)).orElse(RecordIdentity.NONE);
    }

    /** Record {@code i} decoded at the device's record length. */
    public Mce record(int i) {
        return MceCodec.decode(data, i * recordLength, recordLength);
    }
}
