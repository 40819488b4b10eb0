package org.mcelogjava.daemon.decode;

/**
 * Which record of the machine this is, the key of exactly-once: the simulator's boot
 * ({@code /proc/sys/kernel/random/boot_id}) and the number the device gave the record in its
 * delivery order (READ_HELD, PROTOCOL.md §5). The device numbers records from 0 with each boot and
 * gives a held, unacknowledged record back with the same number, so two deliveries of one record
 * have one identity. A record of a plain read ({@code READ}, ascii input) or of a boot the
 * simulator did not name has {@link #NONE}: its number could be another boot's.
 *
 * @param bootId   the simulator's boot_id; empty for {@link #NONE}
 * @param sequence the record's delivery number in that boot; -1 for {@link #NONE}
 */
public record RecordIdentity(String bootId, long sequence) {

    /** No identity: a plain read's record, or one of an unknown boot. */
    public static final RecordIdentity NONE = new RecordIdentity("", -1);

    public RecordIdentity {
        if (bootId.isEmpty() != (sequence == -1) || sequence < -1) {
            throw new IllegalArgumentException("a record identity has a boot id and a number >= 0, or neither: "
                    + (bootId.isEmpty() ? "no boot id" : "boot " + bootId) + ", number " + sequence);
        }
    }

    /** The identity of record {@code sequence} of boot {@code bootId}; {@link #NONE} when the boot is unknown (empty). */
    public static RecordIdentity of(String bootId, long sequence) {
        return bootId.isEmpty() ? NONE : new RecordIdentity(bootId, sequence);
    }

    /** Whether the record has an identity (its redelivery can be recognised). */
    public boolean known() {
        return !bootId.isEmpty();
    }
}
