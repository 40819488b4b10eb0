package org.mcelogjava.daemon.decode;

import java.util.List;
import org.mcelogjava.protocol.mce.Mce;

/** Denverton add-on, mcelog's {@code denverton_decode_model} (SDM Vol3B table 16-33): {@code MemCtrl:} flags on banks 6-7. */
public final class DenvertonDecoder implements ModelDecoder {

    private static final List<BitField> MEMCTRL = List.of(
            BitField.flag(16, "Cmd/Addr parity"),
            BitField.flag(17, "Corrected Demand/Patrol Scrub Error"),
            BitField.flag(18, "Uncorrected patrol scrub error"),
            BitField.flag(19, "Uncorrected demand read error"),
            BitField.flag(20, "WDB read ECC"));

    @Override
    public void decode(Mce mce, TextBuffer out) {
        if (mce.bank() == 6 || mce.bank() == 7) {
            out.append("MemCtrl: ");
            FieldPrinter.bits(mce.status(), MEMCTRL, out);
        }
    }
}
