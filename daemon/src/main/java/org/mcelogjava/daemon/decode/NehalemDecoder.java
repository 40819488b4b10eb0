package org.mcelogjava.daemon.decode;

import java.util.List;
import org.mcelogjava.protocol.mce.McaStatus;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Nehalem/Westmere model-specific decoding, mcelog's {@code nehalem_decode_model} (SDM Vol3B
 * E.3.2): QPI bus errors with their MISC fields, internal unspecified errors, and memory
 * controller errors with the corrected count and the MISC DIMM/channel/syndrome. Xeon 7500 uses
 * only the internal-error part ({@link #xeon7500()}).
 */
public final class NehalemDecoder implements ModelDecoder {

    private static final List<BitField> QPI_STATUS = List.of(
            BitField.flag(16, "QPI header had bad parity"),
            BitField.flag(17, "QPI Data packet had bad parity"),
            BitField.flag(18, "Number of QPI retries exceeded"),
            BitField.flag(19, "Received QPI data packet that was poisoned by sender"),
            BitField.flag(20, "QPI reserved 20"),
            BitField.flag(21, "QPI reserved 21"),
            BitField.flag(22, "QPI received unsupported message encoding"),
            BitField.flag(23, "QPI credit type is not supported"),
            BitField.flag(24, "Sender sent too many QPI flits to the receiver"),
            BitField.flag(25, "QPI Sender sent a failed response to receiver"),
            BitField.flag(26, "Clock jitter detected in internal QPI clocking"));

    private static final List<BitField> QPI_MISC = List.of(
            BitField.flag(14, "QPI misc reserved 14"),
            BitField.flag(15, "QPI misc reserved 15"),
            BitField.flag(24, "QPI Interleave/Head Indication Bit (IIB)"));

    private static final List<NumField> QPI_NUMBERS = List.of(
            NumField.hex(0, 7, "QPI class and opcode of packet with error"),
            NumField.hex(8, 13, "QPI Request Transaction ID"),
            NumField.decForced(16, 18, "QPI Requestor/Home Node ID (RHNID)"),
            NumField.hex(19, 23, "QPI miscreserved 19-23"));

    private static final List<BitField> MEMORY_STATUS = List.of(
            BitField.flag(16, "Memory read ECC error"),
            BitField.flag(17, "Memory ECC error occurred during scrub"),
            BitField.flag(18, "Memory write parity error"),
            BitField.flag(19, "Memory error in half of redundant memory"),
            BitField.flag(20, "Memory reserved 20"),
            BitField.flag(21, "Memory access out of range"),
            BitField.flag(22, "Memory internal RTID invalid"),
            BitField.flag(23, "Memory address parity error"),
            BitField.flag(24, "Memory byte enable parity error"));

    private static final List<NumField> MEMORY_STATUS_NUMBERS = List.of(
            NumField.hex(25, 37, "Memory MISC reserved 25..37"),
            NumField.decForced(38, 52, "Memory corrected error count (CORE_ERR_CNT)"),
            NumField.hex(53, 56, "Memory MISC reserved 53..56"));

    private static final List<NumField> MEMORY_MISC_NUMBERS = List.of(
            NumField.hexForced(0, 7, "Memory transaction Tracker ID (RTId)"),
            NumField.decForced(16, 17, "Memory DIMM ID of error"),
            NumField.decForced(18, 19, "Memory channel ID of error"),
            NumField.hexForced(32, 63, "Memory ECC syndrome"));

    private static final BitField INTERNAL_STATUS = BitField.of(24, NameTable.sparse()
            .at(0x0, "No Error").at(0x3, "Reset firmware did not complete").at(0x8, "Received an invalid CMPD")
            .at(0xa, "Invalid Power Management Request").at(0xd, "Invalid S-state transition")
            .at(0x11, "VID controller does not match POC controller selected")
            .at(0x1a, "MSID from POC does not match CPU MSID").build());

    private static final List<NumField> INTERNAL_NUMBERS = List.of(
            NumField.hex(16, 23, "Internal machine check status reserved 16..23"),
            NumField.hex(32, 56, "Internal machine check status reserved 32..56"));

    private final boolean full;

    private NehalemDecoder(boolean full) {
        this.full = full;
    }

    /** {@code nehalem_decode_model}. */
    public static NehalemDecoder nehalem() {
        return new NehalemDecoder(true);
    }

    /** {@code xeon75xx_decode_model}: internal errors only. */
    public static NehalemDecoder xeon7500() {
        return new NehalemDecoder(false);
    }

    @Override
    public void decode(Mce mce, TextBuffer out) {
        long status = mce.status();
        int mca = (int) status & 0xffff;
        if (full && (mca >>> 11) == 1) {
            FieldPrinter.bits(status, QPI_STATUS, out);
            if ((status & McaStatus.MISCV) != 0) {
                FieldPrinter.numbers(mce.misc(), QPI_NUMBERS, out);
                FieldPrinter.bits(mce.misc(), QPI_MISC, out);
            }
        } else if (mca == 0x0001) {
            FieldPrinter.bits(status, INTERNAL_STATUS, out);
            FieldPrinter.numbers(status, INTERNAL_NUMBERS, out);
        } else if (full && (mca >>> 7) == 1) {
            FieldPrinter.bits(status, MEMORY_STATUS, out);
            FieldPrinter.numbers(status, MEMORY_STATUS_NUMBERS, out);
            if ((status & McaStatus.MISCV) != 0) {
                FieldPrinter.numbers(mce.misc(), MEMORY_MISC_NUMBERS, out);
            }
        }
    }
}
