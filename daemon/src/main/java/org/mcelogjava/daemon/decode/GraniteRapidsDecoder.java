package org.mcelogjava.daemon.decode;

import org.mcelogjava.protocol.mce.Mce;

/**
 * Granite Rapids, Sierra Forest and Clearwater Forest add-on, mcelog's
 * {@code granite_decode_model}: {@code UPI:} on bank 5, {@code Punit:} on bank 6, {@code B2CMI:}
 * on bank 12 and {@code MCCHAN:} on banks 13-24, the latter with the MISC decode when STATUS
 * bits 59 (MISCV) and 33 (other-info) are set and the MSCOD is not a proprietary 0x800-0x82f one.
 */
public final class GraniteRapidsDecoder implements ModelDecoder {

    private static final BitField UPI = BitField.of(0, NameTable.sparse()
            .at(0x00, "UC Phy Initialization Failure (NumInit)").at(0x01, "UC Phy Detected Drift Buffer Alarm")
            .at(0x02, "UC Phy Detected Latency Buffer Rollover")
            .at(0x10, "UC LL Rx detected CRC error: unsuccessful LLR (entered Abort state)")
            .at(0x11, "UC LL Rx Unsupported/Undefined packet").at(0x12, "UC LL or Phy Control Error")
            .at(0x13, "UC LL Rx Parameter Exception").at(0x14, "UC LL TDX Failure").at(0x15, "UC LL SGX Failure")
            .at(0x16, "UC LL Tx SDC Parity Error").at(0x17, "UC LL Rx SDC Parity Error")
            .at(0x18, "UC LL FLE Failure").at(0x1f, "UC LL Detected Control Error")
            .at(0x20, "COR Phy Initialization Abort").at(0x21, "COR Phy Inband Reset")
            .at(0x22, "COR Phy Lane failure, recovery in x8 width")
            .at(0x23, "COR Phy L0c error corrected without Phy reset")
            .at(0x24, "COR Phy L0c error triggering Phy reset")
            .at(0x25, "COR Phy L0p exit error corrected with reset")
            .at(0x30, "COR LL Rx detected CRC error: successful LLR without Phy Reinit")
            .at(0x31, "COR LL Rx detected CRC error: successful LLR with Phy Reinit").build());

    private static final BitField PUNIT_1 = BitField.of(0, NameTable.sparse()
            .range(0x02, 0x03, "Power Management Unit microcontroller double-bit ECC error")
            .range(0x08, 0x09, "Power Management Unit microcontroller error")
            .at(0x0a, "Power Management Unit microcontroller patch load error")
            .at(0x0b, "Power Management Unit microcontroller POReqValid error")
            .at(0x10, "Power Management Unit microcontroller TeleSRAM double-bit ECC error")
            .at(0x20, "Power Management Agent signaled error").at(0x80, "S3M signaled error")
            .at(0xa0, "Power Management Unit HPMSRAM double-bit ECC error detected")
            .at(0xb0, "Power Management Unit TPMISRAM double-bit ECC error detected").build());

    private static final BitField PUNIT_2 = BitField.of(0, NameTable.sparse()
            .at(0x09, "MCA_TSC_DOWNLOAD_TIMEOUT: TSC download timed out")
            .at(0x0b, "MCA_GPSB_TIMEOUT: GPSB does not respond within timeout value")
            .at(0x0c, "MCA_PMSB_TIMEOUT: PMSB does not respond within timeout value")
            .at(0x10, "MCA_PMAX_CALIB_ERROR: PMAX calibration error")
            .at(0x1a, "MCA_DISP_RUN_BUSY_TIMEOUT: Dispatcher busy beyond timeout")
            .at(0x1d, "MCA_MORE_THAN_ONE_LT_AGENT: During Boot Mode Processing, >1 LT Agent detected")
            .at(0x23, "MCA_PCU_SVID_ERROR: SVID error")
            .at(0x35, "MCA_SVID_LOADLINE_INVALID: Invalid SVID VCCIN Loadline resistance value")
            .at(0x36, "MCA_SVID_ICCMAX_INVALID: Invalid SVID ICCMAX value")
            .at(0x40, "MCA_SVID_VIDMAX_INVALID: Invalid SVID VID_MAX value")
            .at(0x41, "MCA_SVID_VDDRAMP_INVALID: Invalid ramp voltage for VDD_RAMP")
            .at(0x48, "MCA_ITD_FUSE_INVALID: ITD fuse settings are not valid")
            .at(0x49, "MCA_SVID_DC_LL_INVALID: ITD fuse settings are not valid")
            .at(0x4a, "MCA_FIVR_PD_HARDERR: PM event has issued some FIVR Fault")
            .at(0x4c, "MCA_HPM_DOUBLE_BIT_ERROR_DETECTED: Read from HPM SRAM resulted in Double bit error")
            .at(0x56, "SVID_ACTIVE_VID_FUSE_ERROR: Invaid fuse values programmed for SVID Active vid").build());

    private static final BitField B2CMI = BitField.of(0, NameTable.sparse()
            .at(0x01, "Read ECC error").at(0x02, "Bucket1 error").at(0x03, "Tracker Parity error")
            .at(0x04, "Security mismatch").at(0x07, "Read completion parity error")
            .at(0x08, "Response parity error").at(0x09, "Timeout error").at(0x0a, "Address parity error")
            .at(0x0c, "CMI credit over subscription error").at(0x0d, "SAI mismatch error").build());

    private static final BitField MCCHAN_0 = BitField.of(0, NameTable.sparse()
            .at(0x01, "Address Parity Error (APPP)").at(0x02, "CMI Wr data parity Error on sCH0")
            .at(0x03, "CMI Uncorr/Corr ECC error on sCH0").at(0x04, "CMI Wr BE parity Error on sCH0")
            .at(0x05, "CMI Wr MAC parity Error on sCH0").at(0x08, "Corr Patrol Scrub Error")
            .at(0x10, "UnCorr Patrol Scrub Error").at(0x20, "Corr Spare Error").at(0x40, "UnCorr Spare Error")
            .at(0x80, "Transient or Correctable Error for Demand or Underfill Reads")
            .at(0xa0, "Uncorrectable Error for Demand or Underfill Reads")
            .at(0xb0, "Poison was read from memory when poison was disabled in memory controller")
            .at(0xc0, "Read 2LM MetaData Error").build());
    private static final BitField MCCHAN_1 = BitField.of(0, NameTable.sparse()
            .at(0x00, "WDB Read Parity Error on sCH0").at(0x02, "WDB Read Uncorr/Corr ECC Error on sCH0")
            .at(0x04, "WDB BE Read Parity Error on sCH0").at(0x06, "WDB Read Persistent Corr ECC Error on sCH0")
            .at(0x08, "DDR Link Fail").at(0x09, "Illegal incoming opcode").build());
    private static final BitField MCCHAN_2 = BitField.of(0, NameTable.sparse()
            .at(0x00, "DDR CAParity or WrCRC Error").build());
    private static final BitField MCCHAN_4 = BitField.of(0, NameTable.sparse()
            .at(0x00, "Scheduler address parity error").build());
    private static final BitField MCCHAN_8 = BitField.of(0, NameTable.sparse()
            .at(0x32, "MC Internal Errors").at(0x33, "MCTracker Address RF parity error").build());
    private static final BitField MCCHAN_32 = BitField.of(0, NameTable.sparse()
            .at(0x02, "CMI Wr data parity Error on sCH1").at(0x03, "CMI Uncorr/Corr ECC error on sCH1")
            .at(0x04, "CMI Wr BE parity Error on sCH1").at(0x05, "CMI Wr MAC parity Error on sCH1").build());
    private static final BitField MCCHAN_33 = BitField.of(0, NameTable.sparse()
            .at(0x00, "WDB Read Parity Error on sCH1").at(0x02, "WDB Read Uncorr/Corr ECC Error on sCH1")
            .at(0x04, "WDB BE Read Parity Error on sCH1").at(0x06, "WDB Read Persistent Corr ECC Error on sCH1")
            .build());

    @Override
    public void decode(Mce mce, TextBuffer out) {
        long status = mce.status();
        int bank = mce.bank();
        if (bank == 5) {
            out.append("UPI: ");
            FieldPrinter.bits(FieldPrinter.extract(status, 16, 31), UPI, out);
        } else if (bank == 6) {
            out.append("Punit: ");
            FieldPrinter.bits(FieldPrinter.extract(status, 16, 23), PUNIT_1, out);
            FieldPrinter.bits(FieldPrinter.extract(status, 24, 31), PUNIT_2, out);
        } else if (bank == 12) {
            out.append("B2CMI: ");
            FieldPrinter.bits(FieldPrinter.extract(status, 16, 31), B2CMI, out);
        } else if (bank >= 13 && bank <= 24) {
            out.append("MCCHAN: ");
            long f = FieldPrinter.extract(status, 16, 23);
            BitField table = switch ((int) FieldPrinter.extract(status, 24, 31)) {
                case 0 -> MCCHAN_0;
                case 1 -> MCCHAN_1;
                case 2 -> MCCHAN_2;
                case 4 -> MCCHAN_4;
                case 8 -> MCCHAN_8;
                case 32 -> MCCHAN_32;
                case 33 -> MCCHAN_33;
                default -> null;
            };
            if (table != null) {
                FieldPrinter.bits(f, table, out);
            }
            if (FieldPrinter.extract(status, 59, 59) != 0 && FieldPrinter.extract(status, 33, 33) != 0) {
                imcMisc(status, mce.misc(), out);
            }
        }
    }

    /** {@code granite_imc_misc}. */
    private static void imcMisc(long status, long misc, TextBuffer out) {
        long mscod = FieldPrinter.extract(status, 16, 31);
        if (mscod >= 0x800 && mscod <= 0x82f) {
            return;
        }
        long column = FieldPrinter.extract(misc, 9, 18) << 2;
        long row = FieldPrinter.extract(misc, 19, 36);
        long bank = FieldPrinter.extract(misc, 37, 38);
        long bankGroup = FieldPrinter.extract(misc, 39, 41);
        long failedDevice = FieldPrinter.extract(misc, 43, 48);
        long subrank = FieldPrinter.extract(misc, 51, 54);
        long chipSelect = FieldPrinter.extract(misc, 55, 57);
        int eccMode = (int) FieldPrinter.extract(misc, 58, 61);
        boolean isTransient = FieldPrinter.extract(misc, 63, 63) != 0;
        out.append("bank: 0x").appendHex(bank).append(" bankgroup: 0x")
                .appendHex(bankGroup).append(" row: 0x").appendHex(row)
                .append(" column: 0x").appendHex(column).append('\n');
        if (!isTransient) {
            out.append("failed device: 0x").appendHex(failedDevice).append('\n');
        }
        out.append("chipselect: 0x").appendHex(chipSelect).append(" subrank: 0x")
                .appendHex(subrank).append('\n');
        out.append("ecc mode: ").append(switch (eccMode) {
            case 1 -> "SDDC 128b 1LM";
            case 2 -> "SDDC 125b 1LM";
            case 3 -> "SDDC 96b 1LM";
            case 4 -> "SDDC 96b 2LM";
            case 5 -> "ADDDC 80b 1LM";
            case 6 -> "ADDDC 80b 2LM";
            case 7 -> "ADDDC 64b 1LM";
            case 8 -> "9x4 61b 1LM";
            case 9 -> "9x4 32b 1LM";
            case 10 -> "9x4 32b 2LM";
            default -> "Invalid/unknown ECC mode";
        }).append('\n');
        if (isTransient) {
            out.append("transient\n");
        }
    }
}
