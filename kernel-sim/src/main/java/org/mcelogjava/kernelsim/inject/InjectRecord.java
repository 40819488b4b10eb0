package org.mcelogjava.kernelsim.inject;

import org.mcelogjava.protocol.mce.Mce;

/**
 * One parsed record: the {@code struct mce} mce-inject writes (its 88-byte prefix fields) and the
 * tool's {@code mce_flags} for it.
 *
 * @param mce   the record
 * @param flags the MCE_* tool flags
 */
public record InjectRecord(Mce mce, int flags) {

    /** MCE_NOBROADCAST: no dummy #MC on the other CPUs. */
    public static final int NOBROADCAST = 1;
    /** MCE_HOLD: park until the next trigger. */
    public static final int HOLD = 1 << 1;
    /** MCE_IRQBROADCAST: kick parked CPUs with an IPI. */
    public static final int IRQBROADCAST = 1 << 2;
    /** MCE_NMIBROADCAST: parsed, never read. */
    public static final int NMIBROADCAST = 1 << 3;
    /** MCE_RAISE_MODE: POLL or EXCP chose the raise mode explicitly. */
    public static final int RAISE_MODE = 1 << 4;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
