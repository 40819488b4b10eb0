package org.mcelogjava.daemon.decode;

import java.util.List;
import org.mcelogjava.protocol.mce.McgStatus;

/**
 * Named bits of a status register printed the way mcelog's {@code decode_mcg} and
 * {@code decode_mci} (p4.c) print them: the set ones in table order, either after a heading on one
 * line, each followed by a space ({@code MCG status:RIPV MCIP }), or each on a line of its own
 * ({@code Error enabled}). The Intel and the SMCA decoder print their MCG_STATUS and MCi_STATUS
 * bits through it.
 */
final class StatusFlags {

    /** A bit ({@code mask}) and what is printed when it is set. */
    record Flag(long mask, String text) {
    }

    /** MCG_STATUS as {@code decode_mcg} prints it: RIPV, EIPV, MCIP and Intel's local machine check. */
    static final List<Flag> MCG_STATUS = List.of(new Flag(McgStatus.RIPV, "RIPV"), new Flag(McgStatus.EIPV, "EIPV"),
            new Flag(McgStatus.MCIP, "MCIP"), new Flag(McgStatus.LMCES, "LMCE"));
    /** MCG_STATUS of an AMD CPU, which has no LMCE (its MCG_STATUS[3] is reserved). */
    static final List<Flag> MCG_STATUS_AMD = MCG_STATUS.subList(0, 3);

    private StatusFlags() {
    }

    /** {@code heading}, then each set flag's text and a space, then a newline (even if none is set). */
    static void inline(String heading, long value, List<Flag> flags, TextBuffer out) {
        out.append(heading);
        for (int i = 0; i < flags.size(); i++) {
            Flag f = flags.get(i);
            if ((value & f.mask()) != 0) {
                out.append(f.text()).append(' ');
            }
        }
        out.append('\n');
    }

    /** Each set flag's text on a line of its own. */
    static void lines(long value, List<Flag> flags, TextBuffer out) {
        for (int i = 0; i < flags.size(); i++) {
            Flag f = flags.get(i);
            if ((value & f.mask()) != 0) {
                out.append(f.text()).append('\n');
            }
        }
    }
}
