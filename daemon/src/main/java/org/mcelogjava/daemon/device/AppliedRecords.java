package org.mcelogjava.daemon.device;

import java.util.Optional;

/**
 * The key of exactly-once: which of the device's records every step of the daemon has applied. A
 * record's identity is the simulator's boot id and the number the device gave it in its delivery
 * order (READ_HELD, PROTOCOL.md §5); the device numbers records in order and gives back a held,
 * unacknowledged batch with the same numbers, so "applied" is one mark per boot: every record of
 * that boot numbered below {@link #next()}.
 *
 * <p>The device loop drops the records below the mark from each batch before anyone sees them, so
 * a batch redelivered after a reconnect (read, handled, its ACK lost with the connection) is
 * accounted, triggered, offlined, counted, streamed and logged once. The mark lives in memory; the
 * log journal ({@code sink.LogJournal}) carries it across a restart. Records of an unknown boot
 * (the simulator did not say) and of a plain read are never dropped: their numbers could be
 * another boot's.
 *
 * <p>Not thread-safe: owned by the device loop's thread.
 */
public final class AppliedRecords {

    private String bootId;
    private long next;

    private AppliedRecords(String bootId, long next) {
        this.bootId = bootId;
        this.next = next;
    }

    /** Nothing applied yet. */
    public static AppliedRecords none() {
        return new AppliedRecords("", 0);
    }

    /** Every record of boot {@code bootId} numbered below {@code next} is applied (a journal's word). */
    public static AppliedRecords below(String bootId, long next) {
        return new AppliedRecords(bootId, next);
    }

    /** The batch without the records already applied: all of it for another boot, an unknown boot or a plain read. */
    public Batch unapplied(Batch batch) {
        Optional<Batch.Numbering> n = batch.numbering();
        if (n.isEmpty() || !sameBoot(n.get().bootId())) {
            return batch;
        }
        long seen = next - n.get().firstSequence();
        return batch.withoutFirst((int) Math.max(0, Math.min(batch.count(), seen)));
    }

    /** Every step has applied {@code batch}: its records are below the mark from now on. */
    public void applied(Batch batch) {
        batch.numbering().filter(n -> !n.bootId().isEmpty()).ifPresent(n -> {
            long end = n.firstSequence() + batch.count();
            if (!sameBoot(n.bootId())) {
                bootId = n.bootId();
                next = end;
            } else {
                next = Math.max(next, end);
            }
        });
    }

    /** The boot the mark is for; empty before any numbered record of a known boot. */
    public String bootId() {
        return bootId;
    }

    /** One past the last applied record's number. */
    public long next() {
        return next;
    }

    private boolean sameBoot(String boot) {
        return !boot.isEmpty() && boot.equals(bootId);
    }
}
