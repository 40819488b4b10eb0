package org.mcelogjava.daemon.decode;

import java.util.List;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Ice Lake-SP, Ice Lake-D and Snow Ridge add-ons, mcelog's {@code i10nm_decode_model}: per-model
 * bank maps select {@code PCU:}, {@code UPI:}, {@code M2M:} or {@code MemCtrl:} decoding; memory
 * controller records also get the MISC row/column/rank/ECC-mode decode
 * ({@code i10nm_imc_misc}). Ice Lake-SP M2M banks report mirrored corrections
 * ({@code i10nm_ce_type}).
 */
public final class IceLakeDecoder implements ModelDecoder {

    private static final ServerBank[] ICELAKE_SERVER = ServerBank.map(
            4, 4, ServerBank.PCU, 5, 5, ServerBank.UPI, 7, 8, ServerBank.UPI,
            12, 12, ServerBank.M2M, 16, 16, ServerBank.M2M, 20, 20, ServerBank.M2M, 24, 24, ServerBank.M2M,
            13, 15, ServerBank.IMC, 17, 19, ServerBank.IMC, 21, 23, ServerBank.IMC, 25, 27, ServerBank.IMC);
    private static final ServerBank[] ICELAKE_D = ServerBank.map(
            4, 4, ServerBank.PCU, 12, 12, ServerBank.M2M, 16, 16, ServerBank.M2M,
            13, 15, ServerBank.IMC, 17, 19, ServerBank.IMC);
    private static final ServerBank[] SNOW_RIDGE = ServerBank.map(
            4, 4, ServerBank.PCU, 12, 12, ServerBank.M2M, 13, 15, ServerBank.IMC);

    private static final BitField PCU_FIRMWARE = BitField.of(0, ServerMemoryTables.pcuFirmware(false));
    private static final BitField PCU_IP = BitField.of(0, ServerMemoryTables.PCU_IP);
    private static final BitField PCU_MICROCONTROLLER = BitField.of(0, ServerMemoryTables.PCU_MICROCONTROLLER);

    private static final BitField UPI = BitField.of(0, NameTable.sparse()
            .at(0x00, "Phy Initialization Failure (NumInit)").at(0x01, "Phy Detected Drift Buffer Alarm")
            .at(0x02, "Phy Detected Latency Buffer Rollover")
            .at(0x10, "LL Rx detected CRC error: unsuccessful LLR (entered Abort state)")
            .at(0x11, "LL Rx Unsupported/Undefined packet").at(0x12, "LL or Phy Control Error")
            .at(0x13, "LL Rx Parameter Exception").at(0x1f, "LL Detected Control Error")
            .at(0x20, "Phy Initialization Abort").at(0x21, "Phy Inband Reset")
            .at(0x22, "Phy Lane failure, recovery in x8 width")
            .at(0x23, "Phy L0c error corrected without Phy reset").at(0x24, "Phy L0c error triggering Phy reset")
            .at(0x25, "Phy L0p exit error corrected with reset")
            .at(0x30, "LL Rx detected CRC error: successful LLR without Phy Reinit")
            .at(0x31, "LL Rx detected CRC error: successful LLR with Phy Reinit")
            .at(0x32, "Tx received LLR").build());

    private static final List<BitField> M2M = List.of(
            BitField.flag(16, "MC read data error"),
            BitField.flag(17, "Reserved"),
            BitField.flag(18, "MC partial write data error"),
            BitField.flag(19, "Full write data error"),
            BitField.flag(20, "M2M clock-domain-crossing buffer (BGF) error"),
            BitField.flag(21, "M2M time out"),
            BitField.flag(22, "M2M tracker parity error"),
            BitField.flag(23, "fatal Bucket1 error"));

    private static final MemCtrlMscod MEM_CTRL = new MemCtrlMscod(
            NameTable.sparse()
                .at(0x00, "WDB read parity error").at(0x03, "RPA parity error").at(0x06, "DDR_T_DPPP data BE error")
                .at(0x07, "DDR_T_DPPP data error").at(0x08, "DDR link failure").at(0x11, "PCLS CAM error")
                .at(0x12, "PCLS data error").build(),
            NameTable.sparse()
                .at(0x00, "DDR command / address parity error").at(0x20, "HBM command / address parity error")
                .at(0x21, "HBM data parity error").build());

    private final ServerBank[] banks;
    private final boolean mirroring;

    private IceLakeDecoder(ServerBank[] banks, boolean mirroring) {
        this.banks = banks;
        this.mirroring = mirroring;
    }

    public static IceLakeDecoder iceLakeServer() {
        return new IceLakeDecoder(ICELAKE_SERVER, true);
    }

    public static IceLakeDecoder iceLakeD() {
        return new IceLakeDecoder(ICELAKE_D, false);
    }

    public static IceLakeDecoder snowRidge() {
        return new IceLakeDecoder(SNOW_RIDGE, false);
    }

    @Override
    public void decode(Mce mce, TextBuffer out) {
        long status = mce.status();
        switch (ServerBank.of(banks, mce.bank())) {
            case PCU -> {
                out.append("PCU: ");
                long f = FieldPrinter.extract(status, 24, 31);
                if (f != 0) {
                    FieldPrinter.bits(f, PCU_FIRMWARE, out);
                }
                f = FieldPrinter.extract(status, 20, 23);
                if (f != 0) {
                    FieldPrinter.bits(f, PCU_IP, out);
                }
                f = FieldPrinter.extract(status, 16, 19);
                if (f != 0) {
                    FieldPrinter.bits(f, PCU_MICROCONTROLLER, out);
                }
            }
            case UPI -> {
                out.append("UPI: ");
                if (FieldPrinter.extract(status, 22, 31) != 0) {
                    FieldPrinter.bits(status, ServerMemoryTables.UPI_LINK, out);
                }
                FieldPrinter.bits(FieldPrinter.extract(status, 16, 21), UPI, out);
            }
            case M2M -> {
                out.append("M2M: ");
                out.append("MscodDDRType=0x").appendHex(FieldPrinter.extract(status, 24, 25))
                        .append('\n');
                out.append("MscodMiscErrs=0x").appendHex(FieldPrinter.extract(status, 26, 31))
                        .append('\n');
                FieldPrinter.bits(status, M2M, out);
            }
            case IMC -> {
                out.append("MemCtrl: ");
                MEM_CTRL.print(status, out);
                imcMisc(status, mce.misc(), out);
            }
            default -> { }
        }
    }

    /** {@code i10nm_imc_misc}. */
    private static void imcMisc(long status, long misc, TextBuffer out) {
        long column = FieldPrinter.extract(misc, 9, 18) << 2;
        long row = FieldPrinter.extract(misc, 19, 39);
        long bank = FieldPrinter.extract(misc, 42, 43);
        long bankGroup = FieldPrinter.extract(misc, 40, 41) | (FieldPrinter.extract(misc, 44, 44) << 2);
        long failedDevice = FieldPrinter.extract(misc, 46, 51);
        long subrank = FieldPrinter.extract(misc, 52, 55);
        long rank = FieldPrinter.extract(misc, 56, 58);
        int eccMode = (int) FieldPrinter.extract(misc, 59, 62);
        boolean isTransient = FieldPrinter.extract(misc, 63, 63) != 0;
        out.append("bank: 0x").appendHex(bank).append(" bankgroup: 0x")
                .appendHex(bankGroup).append(" row: 0x").appendHex(row)
                .append(" column: 0x").appendHex(column).append('\n');
        if (!isTransient && FieldPrinter.extract(status, 61, 61) == 0) {
            out.append("failed device: 0x").appendHex(failedDevice).append('\n');
        }
        out.append("rank: 0x").appendHex(rank).append(" subrank: 0x")
                .appendHex(subrank).append('\n');
        out.append("ecc mode: ").append(switch (eccMode) {
            case 0 -> "SDDC memory mode";
            case 1 -> "SDDC";
            case 4 -> "ADDDC memory mode";
            case 5 -> "ADDDC";
            case 8 -> "DDRT read";
            default -> "unknown";
        }).append('\n');
        if (isTransient) {
            out.append("transient\n");
        }
    }

    @Override
    public int mirrorCorrection(Mce mce) {
        int bank = mce.bank();
        return mirroring ? MirrorBits.correction(bank == 12 || bank == 16 || bank == 20 || bank == 24, mce) : 0;
    }
}
