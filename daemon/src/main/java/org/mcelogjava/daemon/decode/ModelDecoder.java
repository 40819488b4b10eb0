package org.mcelogjava.daemon.decode;

import org.mcelogjava.protocol.mce.Mce;

/**
 * Model-specific add-on decoding that mcelog prints after the architectural decode of an Intel
 * record (the per-model {@code *_decode_model} functions).
 */
public interface ModelDecoder {

    /** A decoder that adds nothing (client parts and other architectural-only models). */
    ModelDecoder NONE = (mce, out) -> { };

    /** Appends the model-specific lines for {@code mce}. */
    void decode(Mce mce, TextBuffer out);

    /**
     * How a corrected memory error was corrected, as mcelog's {@code check_for_mirror}: 0 by ECC,
     * 1 by mirroring with channel failover, 2 by mirroring with the primary channel scrubbed.
     */
    default int mirrorCorrection(Mce mce) {
        return 0;
    }
}
