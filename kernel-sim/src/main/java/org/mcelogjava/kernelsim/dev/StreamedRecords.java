package org.mcelogjava.kernelsim.dev;

/**
 * One push to a streaming reader ({@link McelogDevice#deliverAtMost}): the records, numbered, and
 * the flags MCE_GETCLEAR_FLAGS returned when the push found the log full (it asked them), else 0.
 */
public record StreamedRecords(Delivery delivery, int flags) {

    /** Number of records pushed; 0 when nothing was pending. */
    public int count() {
        return delivery.count();
    }
}
