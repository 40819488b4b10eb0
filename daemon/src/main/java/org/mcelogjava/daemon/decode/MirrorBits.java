package org.mcelogjava.daemon.decode;

import org.mcelogjava.protocol.mce.McaStatus;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The mirrored-correction flags of Skylake-SP and Ice Lake-SP M2M banks: MISC bit 63 (corrected
 * by mirroring with channel failover) and bit 62 (primary channel scrubbed), read only when
 * STATUS.MISCV is set ({@code skylake_s_ce_type}, {@code i10nm_ce_type}).
 */
final class MirrorBits {

    private MirrorBits() {
    }

    static int correction(boolean mirrorBank, Mce mce) {
        if (!mirrorBank || (mce.status() & McaStatus.MISCV) == 0) {
            return 0;
        }
        if (mce.misc() < 0) {
            return 1;
        }
        return (mce.misc() & (1L << 62)) != 0 ? 2 : 0;
    }
}
