package org.mcelogjava.kernelsim.dev;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Records that survived a reboot in firmware storage, as APEI ERST keeps the records printed at a
 * machine-check panic ({@code apei_write_mce} before the panic, {@code apei_read_mce} /
 * {@code apei_clear_mce} after the next boot). The device delivers them before its in-memory log,
 * one per read.
 */
public final class PersistentRecords {

    private final Deque<Mce> records = new ArrayDeque<>();

    /** {@code apei_write_mce}: keep a record across the next reboot. */
    public synchronized void write(Mce record) {
        records.addLast(record);
    }

    /** {@code apei_read_mce}: the oldest record kept, if any. */
    synchronized Optional<Mce> peek() {
        return Optional.ofNullable(records.peekFirst());
    }

    /** {@code apei_clear_mce}: forget the record just read. */
    synchronized void clearFirst() {
        records.pollFirst();
    }

    public synchronized int size() {
        return records.size();
    }
}
