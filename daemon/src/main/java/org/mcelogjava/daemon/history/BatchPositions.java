package org.mcelogjava.daemon.history;

import java.util.Optional;
import org.mcelogjava.daemon.device.Batch;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The identity of each record of a held batch (the simulator's boot id and the record's delivery
 * number, PROTOCOL.md READ_HELD), for records handed over one by one in batch order, some skipped
 * (a record the accounting filters out is not printed and not handed over). A record is matched to
 * the next record of the batch with the same registers; the processor fills a time of 0 with the
 * wall clock ({@code mce_prepare}), so a raw time of 0 matches any time. Not thread-safe: the record
 * path's thread only.
 */
final class BatchPositions {

    private Batch batch;
    private int next;

    /** A new batch begins. */
    void begin(Batch batch) {
        this.batch = batch;
        this.next = 0;
    }

    /** The boot of the current batch; empty for an unnumbered read or outside a batch. */
    Optional<String> bootId() {
        return batch == null ? Optional.empty() : batch.numbering().map(Batch.Numbering::bootId);
    }

    /** The delivery number of this record of the current batch; -1 when the batch is not numbered. */
    long sequence(Mce record) {
        if (batch == null || batch.numbering().isEmpty()) {
            return -1;
        }
        for (int i = next; i < batch.count(); i++) {
            Mce raw = batch.record(i);
            if (raw.equals(record) || raw.time() == 0 && raw.equals(record.toBuilder().time(0).build())) {
                next = i + 1;
                return batch.numbering().get().firstSequence() + i;
            }
        }
        throw new IllegalStateException("record not in its batch: cpu " + record.extcpu() + " bank " + record.bank());
    }
}
