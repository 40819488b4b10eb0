package org.mcelogjava.daemon.decode;

import org.mcelogjava.protocol.mce.Mce;

/**
 * Sapphire Rapids and Emerald Rapids add-on, mcelog's {@code sapphire_decode_model}:
 * {@code PCU:} (MCACOD 0x40c selects the shutdown-cause table), {@code UPI:}, {@code M2M:} and
 * {@code MemCtrl:} with the MISC decode ({@code sapphire_imc_misc}); banks 29-31 are the HBM
 * M2M and memory controllers and are prefixed {@code HBM: }.
 */
public final class SapphireRapidsDecoder implements ModelDecoder {

    private static final ServerBank[] BANKS = ServerBank.map(
            4, 4, ServerBank.PCU, 5, 5, ServerBank.UPI, 12, 12, ServerBank.M2M, 13, 20, ServerBank.IMC,
            29, 29, ServerBank.HBM_M2M, 30, 31, ServerBank.HBM_IMC);

    private static final BitField PCU_FIRMWARE = BitField.of(0, ServerMemoryTables.pcuFirmware(true));
    private static final BitField PCU_IP = BitField.of(0, ServerMemoryTables.PCU_IP);
    private static final BitField PCU_MICROCONTROLLER = BitField.of(0, ServerMemoryTables.PCU_MICROCONTROLLER);
    private static final BitField PCU_SHUTDOWN = BitField.of(0, NameTable.sparse()
            .at(0x01, "MCE when CR4.MCE is clear").at(0x02, "MCE when MCIP bit is set").at(0x03, "MCE under WPS")
            .at(0x04, "Unrecoverable error during security flow execution").at(0x05, "SW triple fault shutdown")
            .at(0x06, "VMX exit consistency check failures").at(0x07, "RSM consistency check failures")
            .at(0x08, "Invalid conditions on protected mode SMM entry")
            .at(0x09, "Unrecoverable error during security flow execution").build());

    private static final BitField UPI = BitField.of(0, NameTable.sparse()
            .at(0x00, "Phy Initialization Failure").at(0x01, "Phy Detected Drift Buffer Alarm")
            .at(0x02, "Phy Detected Latency Buffer Rollover")
            .at(0x10, "LL Rx detected CRC error: unsuccessful LLR (entered Abort state)")
            .at(0x11, "LL Rx Unsupported/Undefined packet").at(0x12, "LL or Phy Control Error")
            .at(0x13, "LL Rx Parameter Exception").at(0x15, "UC LL Rx SGX MAC Error")
            .at(0x1f, "LL Detected Control Error").at(0x20, "Phy Initialization Abort")
            .at(0x21, "Phy Inband Reset").at(0x22, "Phy Lane failure, recovery in x8 width")
            .at(0x23, "Phy L0c error corrected without Phy reset").at(0x24, "Phy L0c error triggering Phy reset")
            .at(0x25, "Phy L0p exit error corrected with reset")
            .at(0x30, "LL Rx detected CRC error: successful LLR without Phy Reinit")
            .at(0x31, "LL Rx detected CRC error: successful LLR with Phy Reinit").build());

    private static final BitField M2M = BitField.of(0, NameTable.sparse()
            .at(0x01, "Read ECC error").at(0x02, "Bucket1 error").at(0x03, "RdTrkr Parity error")
            .at(0x05, "Prefetch channel mismatch").at(0x07, "Read completion parity error")
            .at(0x08, "Response parity error").at(0x09, "Timeout error")
            .at(0x0a, "CMI reserved credit pool error").at(0x0b, "CMI total credit count error")
            .at(0x0c, "CMI credit oversubscription error").build());

    private static final MemCtrlMscod MEM_CTRL = new MemCtrlMscod(
            NameTable.sparse()
                .at(0x00, "WDB read parity error").at(0x08, "DDR link failure").build(),
            NameTable.sparse()
                .at(0x00, "DDR5 command / address parity error").build());

    @Override
    public void decode(Mce mce, TextBuffer out) {
        long status = mce.status();
        ServerBank kind = ServerBank.of(BANKS, mce.bank());
        switch (kind) {
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
                    FieldPrinter.bits(f, FieldPrinter.extract(status, 0, 15) != 0x40c ? PCU_MICROCONTROLLER
                            : PCU_SHUTDOWN, out);
                }
            }
            case UPI -> {
                out.append("UPI: ");
                if (FieldPrinter.extract(status, 22, 31) != 0) {
                    FieldPrinter.bits(status, ServerMemoryTables.UPI_LINK, out);
                }
                FieldPrinter.bits(FieldPrinter.extract(status, 16, 21), UPI, out);
            }
            case M2M, HBM_M2M -> {
                if (kind == ServerBank.HBM_M2M) {
                    out.append("HBM: ");
                }
                out.append("M2M: ");
                if (FieldPrinter.extract(status, 24, 25) == 1) {
                    out.append("HBM Error\n");
                }
                FieldPrinter.bits(FieldPrinter.extract(status, 16, 23), M2M, out);
            }
            case IMC, HBM_IMC -> {
                if (kind == ServerBank.HBM_IMC) {
                    out.append("HBM: ");
                }
                out.append("MemCtrl: ");
                MEM_CTRL.print(status, out);
                imcMisc(mce.bank() >= 30, status, mce.misc(), out);
            }
            default -> { }
        }
    }

    /** {@code sapphire_imc_misc}. */
    private static void imcMisc(boolean hbm, long status, long misc, TextBuffer out) {
        long column = FieldPrinter.extract(misc, 9, 18) << 2;
        long row = FieldPrinter.extract(misc, 19, 39);
        long bank = FieldPrinter.extract(misc, 39, 40);
        long bankGroup = FieldPrinter.extract(misc, 37, 38) | (FieldPrinter.extract(misc, 41, 41) << 2);
        long failedDevice = FieldPrinter.extract(misc, 43, 48);
        long hbmFailedDevice = FieldPrinter.extract(misc, 51, 55);
        long subrank = FieldPrinter.extract(misc, 52, 55);
        long rank = FieldPrinter.extract(misc, 56, 58);
        int eccMode = (int) FieldPrinter.extract(misc, 59, 62);
        boolean isTransient = FieldPrinter.extract(misc, 63, 63) != 0;
        out.append("bank: 0x").appendHex(bank).append(" bankgroup: 0x")
                .appendHex(bankGroup).append(" row: 0x").appendHex(row)
                .append(" column: 0x").appendHex(column).append('\n');
        if (!isTransient && FieldPrinter.extract(status, 61, 61) == 0) {
            out.append("failed device: 0x");
            if (hbm) {
                out.appendHex(hbmFailedDevice).append(",0x");
            }
            out.appendHex(failedDevice).append('\n');
        }
        out.append("rank: 0x").appendHex(rank).append(" subrank: 0x")
                .appendHex(subrank).append('\n');
        if (hbm) {
            if (eccMode == 1) {
                out.append("HBM 64B read\n");
            } else if (eccMode == 9) {
                out.append("HBM 32B read\n");
            }
        } else {
            out.append("ecc mode: ").append(switch (eccMode) {
                case 0 -> "SDDC 2LM memory mode";
                case 1 -> "SDDC";
                case 2 -> "SDDC+1 2LM memory mode";
                case 3 -> "SDDC+1";
                case 4 -> "ADDDC 2LM memory mode";
                case 5 -> "ADDDC";
                case 6 -> "ADDDC+1 2LM memory mode";
                case 7 -> "ADDDC+1";
                case 8 -> "DDRT read";
                default -> "unknown";
            }).append('\n');
        }
        if (isTransient) {
            out.append("transient\n");
        }
    }
}
