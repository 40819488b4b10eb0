package org.mcelogjava.daemon.decode;

import java.util.List;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The decoder of one CPU family: names a bank and writes the CPU-specific decode block of a
 * record (the part of mcelog's {@code dump_mce} between the TIME line and the STATUS line).
 */
public interface CpuDecoder {

    /** Name of a bank below 128 ({@code intel_bank_name}, {@code k8_bank_name}, or numeric). */
    String bankName(int bank);

    /**
     * Name of the bank of {@code mce}, bank below 128: by default {@link #bankName(int)}; a decoder
     * whose banks name themselves in the record (AMD SMCA's MCA_IPID) overrides it.
     */
    default String bankName(Mce mce) {
        return bankName(mce.bank());
    }

    /**
     * Appends the decode block of {@code mce} to {@code out} and the trigger events to {@code events}.
     *
     * @param recordLength bytes of the record the source supplied
     */
    void decode(Mce mce, int recordLength, TextBuffer out, List<McaEvent> events);
}
