package org.mcelogjava.daemon.decode;

import java.util.List;
import org.mcelogjava.protocol.mce.Mce;

/** The generic CPU type: mcelog prints no decode block at all, only the record's registers. */
public final class GenericDecoder implements CpuDecoder {

    @Override
    public String bankName(int bank) {
        return BankNames.numeric(bank);
    }

    @Override
    public void decode(Mce mce, int recordLength, TextBuffer out, List<McaEvent> events) {
        // nothing: mcelog has no decoder for unknown CPUs
    }
}
