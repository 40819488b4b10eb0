package org.mcelogjava.daemon.decode;

import java.util.List;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Model-specific bits of bus errors on front-side-bus parts, mcelog's {@code core2_decode_model}
 * (Core2, Dunnington, Nehalem, Xeon 7500) and {@code p6old_decode_model} (P6): bus-queue request
 * and error types, BINIT and parity flags, and the ECC syndrome.
 */
public final class FsbBusDecoder implements ModelDecoder {

    private static final NameTable REQUEST_TYPE = NameTable.sparse()
            .at(0, "BQ_DCU_READ_TYPE").at(2, "BQ_IFU_DEMAND_TYPE").at(3, "BQ_IFU_DEMAND_NC_TYPE")
            .at(4, "BQ_DCU_RFO_TYPE").at(5, "BQ_DCU_RFO_LOCK_TYPE").at(6, "BQ_DCU_ITOM_TYPE")
            .at(8, "BQ_DCU_WB_TYPE").at(10, "BC_DCU_WCEVICT_TYPE").at(11, "BQ_DCU_WCLINE_TYPE")
            .at(12, "BQ_DCU_BTM_TYPE").at(13, "BQ_DCU_INTACK_TYPE").at(14, "BQ_DCU_INVALL2_TYPE")
            .at(15, "BQ_DCU_FLUSHL2_TYPE").at(16, "BQ_DCU_PART_RD_TYPE").at(18, "BQ_DCU_PART_WR_TYPE")
            .at(20, "BQ_DCU_SPEC_CYC_TYPE").at(24, "BQ_DCU_IO_RD_TYPE").at(25, "BQ_DCU_IO_WR_TYPE")
            .at(28, "BQ_DCU_LOCK_RD_TYPE").at(30, "BQ_DCU_SPLOCK_RD_TYPE").at(29, "BQ_DCU_LOCK_WR_TYPE")
            .build();

    private static final NameTable ERROR_TYPE = NameTable.sparse()
            .at(0, "BQ_ERR_HARD_TYPE").at(1, "BQ_ERR_DOUBLE_TYPE").at(2, "BQ_ERR_AERR2_TYPE")
            .at(4, "BQ_ERR_SINGLE_TYPE").at(5, "BQ_ERR_AERR1_TYPE").build();

    private static final List<BitField> SHARED = List.of(
            BitField.of(16, Reserved.THREE_BITS),
            BitField.of(19, REQUEST_TYPE),
            BitField.of(25, ERROR_TYPE),
            BitField.of(25, ERROR_TYPE),
            BitField.flag(30, "internal BINIT"),
            BitField.flag(36, "received parity error on response transaction"),
            BitField.flag(38, "timeout BINIT (ROB timeout). No micro-instruction retired for some time"),
            BitField.of(39, Reserved.THREE_BITS),
            BitField.flag(42, "bus transaction received hard error response"),
            BitField.flag(43, "failure that caused IERR"),
            BitField.flag(44, "two failing bus transactions with address parity error (AERR)"),
            BitField.flag(45, "uncorrectable ECC error"),
            BitField.flag(46, "correctable ECC error"),
            BitField.of(55, Reserved.TWO_BITS));

    private static final List<BitField> P6OLD = List.of(
            BitField.flag(28, "FRC error"),
            BitField.flag(29, "BERR on this CPU"),
            BitField.of(31, Reserved.ONE_BIT),
            BitField.of(32, Reserved.THREE_BITS),
            BitField.flag(35, "BINIT received from external bus"),
            BitField.flag(37, "Received hard error response on split transaction (Bus BINIT)"));

    private static final List<BitField> CORE2 = List.of(
            BitField.flag(28, "MCE driven"),
            BitField.flag(29, "MCE is observed"),
            BitField.flag(31, "BINIT observed"),
            BitField.of(32, Reserved.TWO_BITS),
            BitField.flag(34, "PIC or FSB data parity error"),
            BitField.of(35, Reserved.ONE_BIT),
            BitField.flag(37, "FSB address parity error detected"));

    private static final List<NumField> SYNDROME = List.of(NumField.hex(47, 54, "ECC syndrome"));

    private final List<BitField> specific;

    private FsbBusDecoder(List<BitField> specific) {
        this.specific = specific;
    }

    /** {@code core2_decode_model}. */
    public static FsbBusDecoder core2() {
        return new FsbBusDecoder(CORE2);
    }

    /** {@code p6old_decode_model}. */
    public static FsbBusDecoder p6old() {
        return new FsbBusDecoder(P6OLD);
    }

    @Override
    public void decode(Mce mce, TextBuffer out) {
        FieldPrinter.bits(mce.status(), SHARED, out);
        FieldPrinter.bits(mce.status(), specific, out);
        FieldPrinter.numbers(mce.status(), SYNDROME, out);
    }
}
