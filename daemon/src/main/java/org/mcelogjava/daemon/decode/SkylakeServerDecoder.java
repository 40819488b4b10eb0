package org.mcelogjava.daemon.decode;

import java.util.List;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Skylake-SP / Cascade Lake add-on, mcelog's {@code skylake_s_decode_model} (SDM Vol3B tables
 * 16-27 to 16-30): {@code PCU:} on bank 4, {@code UPI:} on banks 5/12/19 (with the MSCOD 0x12
 * detail flags), {@code M2M:} on banks 7/8 and {@code MemCtrl:} on banks 13-18 (MSCOD bit 11
 * selects the 0x8xx table). Mirrored corrections on banks 7/8 come from MISC bits 63/62
 * ({@code skylake_s_ce_type}).
 */
public final class SkylakeServerDecoder implements ModelDecoder {

    private static final BitField PCU = BitField.of(24, NameTable.sparse()
            .at(0x00, "No Error").at(0x0d, "MCA_DMI_TRAINING_TIMEOUT").at(0x0f, "MCA_DMI_CPU_RESET_ACK_TIMEOUT")
            .at(0x10, "MCA_MORE_THAN_ONE_LT_AGENT").at(0x1e, "MCA_BIOS_RST_CPL_INVALID_SEQ")
            .at(0x1f, "MCA_BIOS_INVALID_PKG_STATE_CONFIG").at(0x25, "MCA_MESSAGE_CHANNEL_TIMEOUT")
            .at(0x27, "MCA_MSGCH_PMREQ_CMP_TIMEOUT").at(0x30, "MCA_PKGC_DIRECT_WAKE_RING_TIMEOUT")
            .at(0x31, "MCA_PKGC_INVALID_RSP_PCH").at(0x33, "MCA_PKGC_WATCHDOG_HANG_CBZ_DOWN")
            .at(0x34, "MCA_PKGC_WATCHDOG_HANG_CBZ_UP").at(0x38, "MCA_PKGC_WATCHDOG_HANG_C3_UP_SF")
            .at(0x40, "MCA_SVID_VCCIN_VR_ICC_MAX_FAILURE").at(0x41, "MCA_SVID_COMMAND_TIMEOUT")
            .at(0x42, "MCA_SVID_VCCIN_VR_VOUT_FAILURE").at(0x43, "MCA_SVID_CPU_VR_CAPABILITY_ERROR")
            .at(0x44, "MCA_SVID_CRITICAL_VR_FAILED").at(0x45, "MCA_SVID_SA_ITD_ERROR")
            .at(0x46, "MCA_SVID_READ_REG_FAILED").at(0x47, "MCA_SVID_WRITE_REG_FAILED")
            .at(0x48, "MCA_SVID_PKGC_INIT_FAILED").at(0x49, "MCA_SVID_PKGC_CONFIG_FAILED")
            .at(0x4a, "MCA_SVID_PKGC_REQUEST_FAILED").at(0x4b, "MCA_SVID_IMON_REQUEST_FAILED")
            .at(0x4c, "MCA_SVID_ALERT_REQUEST_FAILED").at(0x4d, "MCA_SVID_MCP_VR_ABSENT_OR_RAMP_ERROR")
            .at(0x4e, "MCA_SVID_UNEXPECTED_MCP_VR_DETECTED").at(0x51, "MCA_FIVR_CATAS_OVERVOL_FAULT")
            .at(0x52, "MCA_FIVR_CATAS_OVERCUR_FAULT").at(0x58, "MCA_WATCHDOG_TIMEOUT_PKGC_SECONDARY")
            .at(0x59, "MCA_WATCHDOG_TIMEOUT_PKGC_MAIN").at(0x5a, "MCA_WATCHDOG_TIMEOUT_PKGS_MAIN")
            .at(0x61, "MCA_PKGS_CPD_UNCPD_TIMEOUT").at(0x63, "MCA_PKGS_INVALID_REQ_PCH")
            .at(0x64, "MCA_PKGS_INVALID_REQ_INTERNAL").at(0x65, "MCA_PKGS_INVALID_RSP_INTERNAL")
            .at(0x6b, "MCA_PKGS_SMBUS_VPP_PAUSE_TIMEOUT").at(0x81, "MCA_RECOVERABLE_DIE_THERMAL_TOO_HOT").build());

    private static final BitField UPI = BitField.of(16, NameTable.sparse()
            .at(0x00, "UC Phy Initialization Failure").at(0x01, "UC Phy detected drift buffer alarm")
            .at(0x02, "UC Phy detected latency buffer rollover")
            .at(0x10, "UC LL Rx detected CRC error: unsuccessful LLR: entered abort state")
            .at(0x11, "UC LL Rx unsupported or undefined packet").at(0x12, "UC LL or Phy control error")
            .at(0x13, "UC LL Rx parameter exchange exception")
            .at(0x1f, "UC LL detected control error from the link-mesh interface")
            .at(0x20, "COR Phy initialization abort").at(0x21, "COR Phy reset")
            .at(0x22, "COR Phy lane failure, recovery in x8 width")
            .at(0x23, "COR Phy L0c error corrected without Phy reset")
            .at(0x24, "COR Phy L0c error triggering Phy Reset")
            .at(0x25, "COR Phy L0p exit error corrected with Phy reset")
            .at(0x30, "COR LL Rx detected CRC error - successful LLR without Phy Reinit")
            .at(0x31, "COR LL Rx detected CRC error - successful LLR with Phy Reinit").build());

    private static final List<BitField> UPI_0X12 = List.of(
            BitField.flag(22, "Phy Control Error"),
            BitField.flag(23, "Unexpected Retry.Ack flit"),
            BitField.flag(24, "Unexpected Retry.Req flit"),
            BitField.flag(25, "RF parity error"),
            BitField.flag(26, "Routeback Table error"),
            BitField.flag(27, "unexpected Tx Protocol flit (EOP, Header or Data)"),
            BitField.flag(28, "Rx Header-or-Credit BGF credit overflow/underflow"),
            BitField.flag(29, "Link Layer Reset still in progress when Phy enters L0"),
            BitField.flag(30, "Link Layer reset initiated while protocol traffic not idle"),
            BitField.flag(31, "Link Layer Tx Parity Error"));

    private static final List<BitField> MEMCTRL = List.of(
            BitField.flag(16, "Address parity error"),
            BitField.flag(17, "HA write data parity error"),
            BitField.flag(18, "HA write byte enable parity error"),
            BitField.flag(19, "Corrected patrol scrub error"),
            BitField.flag(20, "Uncorrected patrol scrub error"),
            BitField.flag(21, "Corrected spare error"),
            BitField.flag(22, "Uncorrected spare error"),
            BitField.flag(23, "Any HA read error"),
            BitField.flag(24, "WDB read parity error"),
            BitField.flag(25, "DDR4 command address parity error"),
            BitField.flag(26, "Uncorrected address parity error"));

    private static final BitField MEMCTRL_0X8XX = BitField.of(16, NameTable.of(
            "Unrecognized request type", "Read response to an invalid scoreboard entry",
            "Unexpected read response", "DDR4 completion to an invalid scoreboard entry",
            "Completion to an invalid scoreboard entry", "Completion FIFO overflow", "Correctable parity error",
            "Uncorrectable error", "Interrupt received while outstanding interrupt was not ACKed",
            "ERID FIFO overflow", "Error on Write credits", "Error on Read credits", "Scheduler error",
            "Error event"));

    private static final List<BitField> M2M = List.of(
            BitField.flag(16, "MscodDataRdErr"),
            BitField.flag(17, "Reserved"),
            BitField.flag(18, "MscodPtlWrErr"),
            BitField.flag(19, "MscodFullWrErr"),
            BitField.flag(20, "MscodBgfErr"),
            BitField.flag(21, "MscodTimeout"),
            BitField.flag(22, "MscodParErr"),
            BitField.flag(23, "MscodBucket1Err"));

    @Override
    public void decode(Mce mce, TextBuffer out) {
        long status = mce.status();
        switch (mce.bank()) {
            case 4 -> {
                out.append("PCU: ");
                UboxText.append(status, out);
                if (FieldPrinter.extract(status, 16, 19) != 0) {
                    out.append("PCU internal error ");
                }
                FieldPrinter.bits(status, PCU, out);
            }
            case 5, 12, 19 -> {
                out.append("UPI: ");
                FieldPrinter.bits(status, UPI, out);
                if (FieldPrinter.extract(status, 16, 21) == 0x12) {
                    FieldPrinter.bits(status, UPI_0X12, out);
                }
            }
            case 7, 8 -> {
                out.append("M2M: ");
                FieldPrinter.bits(status, M2M, out);
            }
            case 13, 14, 15, 16, 17, 18 -> {
                out.append("MemCtrl: ");
                if (FieldPrinter.extract(status, 27, 27) != 0) {
                    FieldPrinter.bits(status, MEMCTRL_0X8XX, out);
                } else {
                    FieldPrinter.bits(status, MEMCTRL, out);
                }
            }
            default -> { }
        }
    }

    @Override
    public int mirrorCorrection(Mce mce) {
        return MirrorBits.correction(mce.bank() == 7 || mce.bank() == 8, mce);
    }
}
