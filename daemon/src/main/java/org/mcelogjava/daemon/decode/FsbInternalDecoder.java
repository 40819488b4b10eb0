package org.mcelogjava.daemon.decode;

import java.util.List;
import org.mcelogjava.protocol.mce.McaStatus;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The Xeon 7400 (Dunnington) and Xeon 7100 (Tulsa) add-ons, mcelog's
 * {@code dunnington_decode_model} and {@code tulsa_decode_model} (SDM Vol3B E.2.1, E.4.1): FSB
 * bus error flags for MCACOD 0xe0f and front-end/internal/ECC sub-errors for MCACOD 0x400.
 * Tulsa also prints its corrected-event count, ECC syndrome and raw MISC.
 */
public final class FsbInternalDecoder implements ModelDecoder {

    private static final List<BitField> DUNNINGTON_BUS = List.of(
            BitField.flag(16, "Parity error detected during FSB request phase"),
            BitField.of(17, Reserved.THREE_BITS),
            BitField.flag(20, "Hard Failure response received for a local transaction"),
            BitField.flag(21, "Parity error on FSB response field detected"),
            BitField.flag(22, "Parity data error on inbound data detected"),
            BitField.of(23, Reserved.THREE_BITS),
            BitField.of(25, Reserved.THREE_BITS),
            BitField.of(28, Reserved.THREE_BITS),
            BitField.of(31, Reserved.ONE_BIT));

    private static final BitField DUNNINGTON_FRONT = BitField.of(0, NameTable.sized(0xf)
            .at(0x1, "Inclusion error from core 0").at(0x2, "Inclusion error from core 1")
            .at(0x3, "Write Exclusive error from core 0").at(0x4, "Write Exclusive error from core 1")
            .at(0x5, "Inclusion error from FSB").at(0x6, "SNP stall error from FSB")
            .at(0x7, "Write stall error from FSB").at(0x8, "FSB Arbiter Timeout error")
            .at(0xa, "Inclusion error from core 2").at(0xb, "Write exclusive error from core 2").build());

    private static final BitField DUNNINGTON_INTERNAL = BitField.of(8, NameTable.sized(0xf)
            .at(0x2, "Internal timeout error").at(0x3, "Internal timeout error")
            .at(0x4, "Intel Cache Safe Technology Queue full error\nor disabled ways in a set overflow")
            .at(0x5, "Quiet cycle timeout error (correctable)").build());

    private static final List<BitField> DUNNINGTON_CECC = List.of(
            BitField.flag(1, "Correctable ECC event on outgoing core 0 data"),
            BitField.flag(2, "Correctable ECC event on outgoing core 1 data"),
            BitField.flag(3, "Correctable ECC event on outgoing core 2 data"));

    private static final List<BitField> DUNNINGTON_UECC = List.of(
            BitField.flag(1, "Uncorrectable ECC event on outgoing core 0 data"),
            BitField.flag(2, "Uncorrectable ECC event on outgoing core 1 data"),
            BitField.flag(3, "Uncorrectable ECC event on outgoing core 2 data"));

    private static final List<BitField> TULSA_BUS = List.of(
            BitField.flag(16, "Parity error detected during FSB request phase"),
            BitField.flag(17, "Partity error detected on Core 0 request's address field"),
            BitField.flag(18, "Partity error detected on Core 1 request's address field"),
            BitField.of(19, Reserved.ONE_BIT),
            BitField.flag(20, "Parity error on FSB response field detected"),
            BitField.flag(21, "FSB data parity error on inbound date detected"),
            BitField.flag(22, "Data parity error on data received from Core 0 detected"),
            BitField.flag(23, "Data parity error on data received from Core 1 detected"),
            BitField.flag(24, "Detected an Enhanced Defer parity error phase A or phase B"),
            BitField.flag(25, "Data ECC event to error on inbound data correctable or uncorrectable"),
            BitField.flag(26, "Pad logic detected a data strobe glitch or sequencing error"),
            BitField.flag(27, "Pad logic detected a request strobe glitch or sequencing error"),
            BitField.of(28, Reserved.THREE_BITS),
            BitField.of(31, Reserved.ONE_BIT));

    private static final BitField TULSA_FRONT = BitField.of(0, NameTable.sized(0xf)
            .at(0x1, "Inclusion error from core 0").at(0x2, "Inclusion error from core 1")
            .at(0x3, "Write Exclusive error from core 0").at(0x4, "Write Exclusive error from core 1")
            .at(0x5, "Inclusion error from FSB").at(0x6, "SNP stall error from FSB")
            .at(0x7, "Write stall error from FSB").at(0x8, "FSB Arbiter Timeout error")
            .at(0x9, "CBC OOD Queue Underflow/overflow").build());

    private static final BitField TULSA_INTERNAL = BitField.of(8, NameTable.sized(0xf)
            .at(0x1, "Enhanced Intel SpeedStep Technology TM1-TM2 Error")
            .at(0x2, "Internal timeout error").at(0x3, "Internal timeout error")
            .at(0x4, "Intel Cache Safe Technology Queue full error\nor disabled ways in a set overflow").build());

    private static final List<BitField> TULSA_CECC = List.of(
            BitField.flag(0, "Correctable ECC event on outgoing FSB data"),
            BitField.flag(1, "Correctable ECC event on outgoing core 0 data"),
            BitField.flag(2, "Correctable ECC event on outgoing core 1 data"));

    private static final List<BitField> TULSA_UECC = List.of(
            BitField.flag(0, "Uncorrectable ECC event on outgoing FSB data"),
            BitField.flag(1, "Uncorrectable ECC event on outgoing core 0 data"),
            BitField.flag(2, "Uncorrectable ECC event on outgoing core 1 data"));

    private static final List<NumField> TULSA_CORRECTED = List.of(NumField.dec(32, 39, "Corrected events"));
    private static final List<NumField> TULSA_ECC = List.of(NumField.hex(44, 51, "ECC syndrome"));

    private final boolean tulsa;
    private final List<BitField> bus;
    private final BitField front;
    private final BitField internal;
    private final List<BitField> correctable;
    private final List<BitField> uncorrectable;

    private FsbInternalDecoder(boolean tulsa, List<BitField> bus, BitField front, BitField internal,
                               List<BitField> correctable, List<BitField> uncorrectable) {
        this.tulsa = tulsa;
        this.bus = bus;
        this.front = front;
        this.internal = internal;
        this.correctable = correctable;
        this.uncorrectable = uncorrectable;
    }

    /** {@code dunnington_decode_model}. */
    public static FsbInternalDecoder dunnington() {
        return new FsbInternalDecoder(false, DUNNINGTON_BUS, DUNNINGTON_FRONT, DUNNINGTON_INTERNAL,
                DUNNINGTON_CECC, DUNNINGTON_UECC);
    }

    /** {@code tulsa_decode_model}. */
    public static FsbInternalDecoder tulsa() {
        return new FsbInternalDecoder(true, TULSA_BUS, TULSA_FRONT, TULSA_INTERNAL, TULSA_CECC, TULSA_UECC);
    }

    @Override
    public void decode(Mce mce, TextBuffer out) {
        long status = mce.status();
        if (tulsa) {
            FieldPrinter.numbers(status, TULSA_CORRECTED, out);
            if ((status & (1L << 52)) != 0) {
                FieldPrinter.numbers(status, TULSA_ECC, out);
            }
            if ((status & McaStatus.MISCV) != 0) {
                out.append("MISC format ").appendHex((status >>> 40) & 3)
                        .append(" value ").appendHex(mce.misc()).append('\n');
            }
        }
        int mca = (int) status & 0xffff;
        if (mca == 0xe0f) {
            FieldPrinter.bits(status, bus, out);
        } else if (mca == 1 << 10) {
            int sub = (int) (status >>> 16) & 0xffff;
            if ((sub & 0xfff0) == 0) {
                FieldPrinter.bits(sub, front, out);
            } else if ((sub & 0xf0ff) == 0) {
                FieldPrinter.bits(sub, internal, out);
            } else if ((sub & 0xfff0) == 0xc000) {
                FieldPrinter.bits(sub, correctable, out);
            } else if ((sub & 0xfff0) == 0xe000) {
                FieldPrinter.bits(sub, uncorrectable, out);
            }
        }
    }
}
