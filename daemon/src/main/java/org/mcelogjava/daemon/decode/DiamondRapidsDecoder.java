package org.mcelogjava.daemon.decode;

import org.mcelogjava.protocol.mce.Mce;

/**
 * Diamond Rapids add-on, mcelog's {@code diamond_decode_model}: {@code CBB Punit:} on bank 4
 * (MCACOD 0x040b is a scan-at-field error), {@code IMH<n> Punit:} on bank 11, {@code UPI:} on
 * bank 18 and {@code IMH<n> MCCHAN:} on banks 19-26 with the MISC decode when STATUS bits 59
 * and 33 are set and the MSCOD is below 0x800. The IMH number is APICID bit 2.
 */
public final class DiamondRapidsDecoder implements ModelDecoder {

    private static final BitField CBB_PUNIT_0 = BitField.of(0, NameTable.sparse()
            .at(0x01, "CR4_MCE_CLEAR: MCE when CR4.MCE is clear").at(0x02, "MCE_MCIP_SET: MCE when MCIP bit is set")
            .at(0x03, "MCE_UNDER_WFS: MCE under WPS")
            .at(0x04, "MCE_LT_HANDSHAKE: Unrecoverable error during security flow execution")
            .at(0x05, "TRIPLE_FAULT: SW triple fault shutdown")
            .at(0x06, "VMX_ABORT: VMX exit consistency check failures")
            .at(0x07, "RSM_CONSISTENCY_FAIL: RSM consistency check failures")
            .at(0x08, "SMM_PROTECTED_ENTRY_FAIL: Invalid conditions on protected mode SMM entry")
            .at(0x09, "UCODE_PATCH_LOAD_FAIL: Unrecoverable error during security flow execution").build());
    private static final BitField CBB_PUNIT_8 = BitField.of(0, NameTable.sparse()
            .at(0x16, "MCA_DVFS_COUNTER_EXPIRED").at(0x23, "MCA_UNSUPP_RESP").at(0x25, "MCA_FUSA_MBIST")
            .at(0x26, "MCA_SA_PLL_LOCKED").at(0x27, "MCA_XTAL_FREQ_MON_ERROR")
            .at(0x28, "MCA_PMSB_FUSE_PULLER_ERROR").at(0x29, "MCA_GPSB_FUSE_PULLER_ERROR")
            .at(0x30, "MCA_PCODE_WATCHDOG").at(0x31, "MCA_BGR_FUSA_ERR").at(0x32, "MCA_CORE_FIVR_ERR")
            .at(0x33, "MCA_D2D_FIVR_ERR").at(0x34, "MCA_MLC_FIVR_ERR").at(0x35, "MCA_RING_FIVR_ERR")
            .at(0x36, "MCA_D2D_MONF_PLL_FUSA_0").at(0x37, "MCA_D2D_MONF_PLL_FUSA_1")
            .at(0x38, "MCA_TOP0_FUSA_PLL_ERR").at(0x39, "MCA_BASE_FUSA_PLL_ERR")
            .at(0x40, "MCA_UCIE_RESET_BUS_STOP_ON_ERROR").at(0x41, "MCA_RSRC_ADAPT_0_ERR")
            .at(0x42, "MCA_RSC_ADAPT_1_ERR").at(0x45, "MCA_TOP1_FUSA_PLL_ERR").at(0x46, "MCA_TOP2_FUSA_PLL_ERR")
            .at(0x47, "MCA_TOP3_FUSA_PLL_ERR").at(0x48, "UC_PATCH_LOAD_ACK_ERROR").build());
    private static final BitField CBB_PUNIT_12 = BitField.of(0, NameTable.sparse()
            .at(0x01, "MCA_UC_IRAM_DOUBLE_ERROR").at(0x02, "MCA_UC_DOUBLE_EXCEPTION_ERROR")
            .at(0x03, "MCA_UC_TELEM_SRAM_ERROR").at(0x04, "MCA_UC_DRAM_DOUBLE_ERROR")
            .at(0x05, "MCA_UC_TPMI_SRAM_ERROR").build());
    private static final BitField CBB_PUNIT_20 = BitField.of(0, NameTable.sparse()
            .at(0x01, "MCA_FIVR_HI_YELLOW").at(0x02, "MCA_FIVR_HI_RED").build());

    private static final BitField IMH_PUNIT_0 = BitField.of(0, NameTable.sparse()
            .range(0x02, 0x03, "Power Management Unit microcontroller double-bit ECC error")
            .range(0x08, 0x09, "Power Management Unit microcontroller error")
            .at(0x0a, "Power Management Unit microcontroller Patch Load error")
            .at(0x0b, "Power Management Unit microcontroller POReqValid error")
            .at(0x0c, "Power Management Unit microcontroller RAM address error")
            .at(0x0d, "Power Management Unit microcontroller RAM access error")
            .at(0x10, "If MCI_MISC.MODEL_SPECIFIC_INFORMATION is set to 1, indicates Pcode Watchdog Timer expired. "
                    + "If MCI_MISC.MODEL_SPECIFIC_INFORMATION is set to 3, indicates Power Management Unit "
                    + "TeleSRAM double-bit ECC error detected.")
            .at(0x20, "Power Management Agent signaled Error")
            .at(0x30, "Power Management Unit Microcontroller Error")
            .at(0xa0, "Power Management Unit HPMSRAM double-bit ECC error detected")
            .at(0xb0, "Power Management Unit TPMISRAM double-bit ECC error detected").build());
    private static final BitField IMH_PUNIT_1 = BitField.of(0, NameTable.sparse()
            .at(0x09, "MCA_TSC_DOWNLOAD_TIMEOUT").at(0x0a, "MCA_INVALID_XTALFREQ_RANGE")
            .at(0x0b, "MCA_GPSB_TIMEOUT").at(0x0c, "MCA_PMSB_TIMEOUT").at(0x0d, "MCA_CFG_ACK_TIMEOUT")
            .at(0x23, "MCA_PCU_SVID_ERROR").at(0x35, "MCA_SVID_LOADLINE_INVALID")
            .at(0x36, "MCA_SVID_ICCMAX_INVALID").at(0x4a, "MCA_FIVR_PD_HARDERR")
            .at(0x4c, "MCA_HPM_DOUBLE_BIT_ERROR_DETECTED").at(0x58, "MCA_INVALID_MEMORY_FREQUENCY")
            .at(0x63, "MCA_SVID_VCCIN_PROTOCOL_ERROR").at(0x6a, "MCA_SPPR_TIMEOUT")
            .at(0x6f, "MCA_INVALID_SID_ERROR").at(0x70, "MCA_INVALID_REMOTE_LEGACY_AGENT_ERROR")
            .at(0x71, "MCA_INVALID_REMOTE_LT_AGENT_ERROR").at(0x7b, "MCA_THERMAL_SENSOR_INVALID")
            .at(0x7c, "MCA_CXL_DEVICE_NO_CREDIT").at(0x7e, "MCA_RECOVERABLE_DIE_THERMAL_TOO_HOT")
            .at(0x83, "MCA_PKGS_RECOVERABLE_RESET_PREP_ACK_TIMEOUT").build());

    private static final BitField UPI_0 = BitField.of(0, NameTable.sparse()
            .range(0x00, 0x02, "Internal Parity Error").at(0x05, "Internal Parity Error")
            .at(0x08, "Internal Queue Overflow Error").at(0x09, "UPI link layer buffer overflow")
            .at(0x0a, "Internal Queue Underflow Error").at(0x0b, "UPI link layer buffer underflow")
            .at(0x0c, "Link layer or internal credit overflow")
            .range(0x11, 0x12, "Internal Queue Overflow Error").range(0x13, 0x14, "Internal Queue Underflow Error")
            .at(0x21, "Internal Interface Error").at(0x23, "Invalid Message").at(0x24, "UPI Protocol Error")
            .at(0x25, "UPI Interleave Error").at(0x28, "Internal Interface Error")
            .at(0x29, "Link integrity or initialization error")
            .range(0x2a, 0x2d, "Power Management Transition Error - Timeout")
            .at(0x30, "Received poison when poison is disabled").at(0x31, "Internal Interface Error").build());
    private static final BitField UPI_2 = BitField.of(0, NameTable.sparse()
            .at(0x00, "Link integrity or initialization error").at(0x03, "Link degraded")
            .range(0x04, 0x07, "Power Management Transition Error - Timeout").build());

    private static final BitField MCCHAN_0 = BitField.of(0, NameTable.sparse()
            .at(0x01, "CMI Request Address Parity Error (APPP)").at(0x02, "CMI Wr data parity error")
            .at(0x04, "CMI Wr BE parity error").at(0x08, "Transient or Correctable Error for Patrol Reads")
            .at(0x10, "UnCorr Patrol Scrub Error")
            .at(0x20, "Nontransient or Transient ectable Error for Spare Reads").at(0x40, "UnCorr Spare Error")
            .at(0x80, "Transient or Correctable Error for Demand or Underfill Reads")
            .at(0xa0, "Uncorrectable Error for Demand or Underfill Reads")
            .at(0xb0, "Poisoned Read Data when Poison Disabled")
            .at(0xc0, "Read 2LM MetaData Error for Demand, Underfill, or Patrol/Spare").build());
    private static final BitField MCCHAN_1 = BitField.of(0, NameTable.sparse()
            .at(0x02, "WDB Read ECC Error").at(0x04, "WDB BE Read Parity Error")
            .at(0x06, "WDB Read Persistent ECC Error").at(0x08, "DDR Link Fail")
            .at(0x09, "Illegal incoming opcode").build());
    private static final BitField MCCHAN_2 = BitField.of(0, NameTable.sparse()
            .at(0x00, "DDR CAParity or WrCRC Error").at(0x40, "Decoder structure error").build());
    private static final BitField MCCHAN_4 = BitField.of(0, NameTable.sparse()
            .at(0x00, "MC internal address parity error").build());
    private static final BitField MCCHAN_8 = BitField.of(0, NameTable.sparse()
            .at(0x13, "CMI Credit Oversubscription Error").at(0x14, "CMI Total Credit Count Error")
            .at(0x15, "CMI Reserved Credit Pool Error").at(0x32, "MC Internal Errors")
            .at(0x34, "MC Tracker RDCMP RF parity error").at(0x36, "MC Tracker WRCMP RF parity error").build());

    @Override
    public void decode(Mce mce, TextBuffer out) {
        long status = mce.status();
        long imh = (mce.apicid() >>> 2) & 1;
        int bank = mce.bank();
        long f = FieldPrinter.extract(status, 16, 23);
        int sub = (int) FieldPrinter.extract(status, 24, 31);
        if (bank == 4) {
            out.append("CBB Punit: ");
            if (FieldPrinter.extract(status, 0, 15) == 0x040b) {
                out.append("Scan-at-Field Error\n");
                return;
            }
            print(f, switch (sub) {
                case 0x00 -> CBB_PUNIT_0;
                case 0x08 -> CBB_PUNIT_8;
                case 0x0c -> CBB_PUNIT_12;
                case 0x14 -> CBB_PUNIT_20;
                default -> null;
            }, out);
        } else if (bank == 11) {
            out.append("IMH").append(imh).append(" Punit: ");
            if (sub != 0) {
                FieldPrinter.bits(sub, IMH_PUNIT_1, out);
            } else {
                FieldPrinter.bits(f, IMH_PUNIT_0, out);
            }
        } else if (bank == 18) {
            out.append("UPI: ");
            print(f, switch (sub) {
                case 0x00 -> UPI_0;
                case 0x02 -> UPI_2;
                default -> null;
            }, out);
        } else if (bank >= 19 && bank <= 26) {
            out.append("IMH").append(imh).append(" MCCHAN: ");
            print(f, switch (sub) {
                case 0x00 -> MCCHAN_0;
                case 0x01 -> MCCHAN_1;
                case 0x02 -> MCCHAN_2;
                case 0x04 -> MCCHAN_4;
                case 0x08 -> MCCHAN_8;
                default -> null;
            }, out);
            if (FieldPrinter.extract(status, 59, 59) != 0 && FieldPrinter.extract(status, 33, 33) != 0) {
                imcMisc(status, mce.misc(), out);
            }
        }
    }

    private static void print(long value, BitField table, TextBuffer out) {
        if (table != null) {
            FieldPrinter.bits(value, table, out);
        }
    }

    /** {@code diamond_imc_misc}. */
    private static void imcMisc(long status, long misc, TextBuffer out) {
        if (FieldPrinter.extract(status, 16, 31) >= 0x800) {
            return;
        }
        long column = FieldPrinter.extract(misc, 9, 18) << 2;
        long row = FieldPrinter.extract(misc, 19, 36);
        long bank = FieldPrinter.extract(misc, 37, 38);
        long bankGroup = FieldPrinter.extract(misc, 39, 41);
        boolean failedDeviceValid = FieldPrinter.extract(misc, 42, 42) != 0;
        long failedDevice = FieldPrinter.extract(misc, 44, 48);
        long subchannel = FieldPrinter.extract(misc, 49, 49);
        long subrank = FieldPrinter.extract(misc, 51, 54);
        long chipSelect = FieldPrinter.extract(misc, 55, 56);
        int eccMode = (int) FieldPrinter.extract(misc, 58, 61);
        out.append("bank: 0x").appendHex(bank).append(" bankgroup: 0x")
                .appendHex(bankGroup).append(" row: 0x").appendHex(row)
                .append(" column: 0x").appendHex(column).append('\n');
        out.append("chipselect: 0x").appendHex(chipSelect).append(" subrank: 0x")
                .appendHex(subrank).append(" subchan: 0x").appendHex(subchannel)
                .append('\n');
        if (FieldPrinter.extract(misc, 63, 63) != 0) {
            out.append("transient\n");
            return;
        }
        if (failedDeviceValid) {
            out.append("failed device: 0x").appendHex(failedDevice).append('\n');
        }
        out.append("ecc mode: ").append(switch (eccMode) {
            case 1 -> "SDDC 128b 1LM";
            case 2 -> "SDDC 125b 1LM";
            case 3 -> "SDDC 125b 2LM";
            case 4 -> "ADDDC 80b 1LM";
            case 5 -> "ADDDC 80b 2LM";
            case 9 -> "5x8 128b 1LM";
            case 10 -> "5x8 125b 1LM";
            case 11 -> "5x8 125b 2LM";
            default -> "Invalid/unknown ECC mode";
        }).append('\n');
    }
}
