package org.mcelogjava.daemon.decode;

import org.mcelogjava.protocol.mce.Mce;

/** Model-specific bits of P4/Tulsa bus errors, mcelog's {@code p4_decode_model}: a {@code Model:} line of FSB flags. */
public final class P4BusDecoder implements ModelDecoder {

    private static final String[] FLAGS = {
        "FSB address parity", "Response hard fail", "Response parity", "PIC and FSB data parity",
        "Invalid PIC request(Signature=0xF04H)", "Pad state machine", "Pad strobe glitch", "Pad address glitch",
    };
    private static final int FIRST_BIT = 16;

    @Override
    public void decode(Mce mce, TextBuffer out) {
        // mcelog tests the flags on the low 32 bits of STATUS with bits 0-15 cleared
        int model = (int) (mce.status() & 0xffff0000L);
        out.append("Model:");
        for (int i = 0; i < FLAGS.length; i++) {
            if ((model & (1 << (FIRST_BIT + i))) != 0) {
                out.append(FLAGS[i]).append('\n');
            }
        }
        out.append('\n');
    }
}
