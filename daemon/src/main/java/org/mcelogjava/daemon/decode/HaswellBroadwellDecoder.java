package org.mcelogjava.daemon.decode;

import java.util.List;
import org.mcelogjava.protocol.mce.McaStatus;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Haswell-EP and Broadwell-EP/EX add-ons, mcelog's {@code hsw_decode_model} and
 * {@code bdw_epex_decode_model} (SDM Vol3B tables 16-20 to 16-22/16-26): {@code PCU:} firmware
 * codes, {@code QPI:} link errors on banks 5, 20 and 21, {@code MemCtrl:} flags on banks 9-16.
 * Broadwell-EP also reports mirrored corrections on home-agent banks 7 and 8
 * ({@code bdw_epex_ce_type}: MISC bit 41 failover, bit 42 scrubbed).
 */
public final class HaswellBroadwellDecoder implements ModelDecoder {

    static final NameTable PCU_FIRMWARE = NameTable.sparse()
            .at(0x00, "No Error").at(0x09, "MC_MESSAGE_CHANNEL_TIMEOUT").at(0x0d, "MC_IMC_FORCE_SR_S3_TIMEOUT")
            .at(0x0e, "MC_CPD_UNCPD_SD_TIMEOUT").at(0x13, "MC_DMI_TRAINING_TIMEOUT")
            .at(0x15, "MC_DMI_CPU_RESET_ACK_TIMEOUT").at(0x1e, "MC_VR_ICC_MAX_LT_FUSED_ICC_MAX")
            .at(0x25, "MC_SVID_COMMAN_TIMEOUT").at(0x29, "MC_VR_VOUT_MAC_LT_FUSED_SVID")
            .at(0x2b, "MC_PKGC_WATCHDOG_HANG_CBZ_DOWN").at(0x2c, "MC_PKGC_WATCHDOG_HANG_CBZ_UP")
            .at(0x39, "MC_PKGC_WATCHDOG_HANG_C3_UP_SF").at(0x44, "MC_CRITICAL_VR_FAILED")
            .at(0x45, "MC_ICC_MAX_NOTSUPPORTED").at(0x46, "MC_VID_RAMP_DOWN_FAILED")
            .at(0x47, "MC_EXCL_MODE_NO_PMREQ_CMP").at(0x48, "MC_SVID_READ_REG_ICC_MAX_FAILED")
            .at(0x49, "MC_SVID_WRITE_REG_VOUT_MAX_FAILED").at(0x4b, "MC_BOOT_VID_TIMEOUT_DRAM_0")
            .at(0x4c, "MC_BOOT_VID_TIMEOUT_DRAM_1").at(0x4d, "MC_BOOT_VID_TIMEOUT_DRAM_2")
            .at(0x4e, "MC_BOOT_VID_TIMEOUT_DRAM_3").at(0x4f, "MC_SVID_COMMAND_ERROR")
            .at(0x52, "MC_FIVR_CATAS_OVERVOL_FAULT").at(0x53, "MC_FIVR_CATAS_OVERCUR_FAULT")
            .at(0x57, "MC_SVID_PKGC_REQUEST_FAILED").at(0x58, "MC_SVID_IMON_REQUEST_FAILED")
            .at(0x59, "MC_SVID_ALERT_REQUEST_FAILED").at(0x60, "MC_INVALID_PKGS_REQ_PCH")
            .at(0x61, "MC_INVALID_PKGS_REQ_QPI").at(0x62, "MC_INVALID_PKGS_RSP_QPI")
            .at(0x63, "MC_INVALID_PKGS_RSP_PCH").at(0x64, "MC_INVALID_PKG_STATE_CONFIG")
            .at(0x67, "MC_HA_IMC_RW_BLOCK_ACK_TIMEOUT").at(0x68, "MC_IMC_RW_SMBUS_TIMEOUT")
            .at(0x69, "MC_HA_FAILSTS_CHANGE_DETECTED").at(0x6a, "MC_MSGCH_PMREQ_CMP_TIMEOUT")
            .at(0x70, "MC_WATCHDOG_TIMEOUT_PKGC_SECONDARY").at(0x71, "MC_WATCHDOG_TIMEOUT_PKGC_MAIN")
            .at(0x72, "MC_WATCHDOG_TIMEOUT_PKGS_MAIN").at(0x7c, "MC_BIOS_RST_CPL_INVALID_SEQ")
            .at(0x7d, "MC_MORE_THAN_ONE_TXT_AGENT").at(0x81, "MC_RECOVERABLE_DIE_THERMAL_TOO_HOT").build();

    private static final BitField QPI = BitField.of(16, NameTable.sparse()
            .at(0x02, "Intel QPI physical layer detected drift buffer alarm")
            .at(0x03, "Intel QPI physical layer detected latency buffer rollover")
            .at(0x10, "Intel QPI link layer detected control error from R3QPI")
            .at(0x11, "Rx entered LLR abort state on CRC error")
            .at(0x12, "Unsupported or undefined packet")
            .at(0x13, "Intel QPI link layer control error")
            .at(0x15, "RBT used un-initialized value")
            .at(0x20, "Intel QPI physical layer detected a QPI in-band reset but aborted initialization")
            .at(0x21, "Link failover data self healing")
            .at(0x22, "Phy detected in-band reset (no width change)")
            .at(0x23, "Link failover clock failover")
            .at(0x30, "Rx detected CRC error - successful LLR after Phy re-init")
            .at(0x31, "Rx detected CRC error - successful LLR without Phy re-init").build());

    private static final List<BitField> HSW_MEMCTRL = List.of(
            BitField.flag(16, "DDR3 address parity error"),
            BitField.flag(17, "Uncorrected HA write data error"),
            BitField.flag(18, "Uncorrected HA data byte enable error"),
            BitField.flag(19, "Corrected patrol scrub error"),
            BitField.flag(20, "Uncorrected patrol scrub error"),
            BitField.flag(21, "Corrected spare error"),
            BitField.flag(22, "Uncorrected spare error"),
            BitField.flag(23, "Corrected memory read error"),
            BitField.flag(24, "iMC write data buffer parity error"),
            BitField.flag(25, "DDR4 command address parity error"));

    private static final List<BitField> BDW_MEMCTRL = List.of(
            BitField.flag(16, "DDR3 address parity error"),
            BitField.flag(17, "Uncorrected HA write data error"),
            BitField.flag(18, "Uncorrected HA data byte enable error"),
            BitField.flag(19, "Corrected patrol scrub error"),
            BitField.flag(20, "Uncorrected patrol scrub error"),
            BitField.flag(21, "Corrected spare error"),
            BitField.flag(22, "Uncorrected spare error"),
            BitField.flag(24, "iMC write data buffer parity error"),
            BitField.flag(25, "DDR4 command address parity error"));

    private static final long MISC_FAILOVER = 1L << 41;
    private static final long MISC_SCRUBBED = 1L << 42;

    private final List<BitField> memctrl;
    private final boolean mirroring;

    private HaswellBroadwellDecoder(List<BitField> memctrl, boolean mirroring) {
        this.memctrl = memctrl;
        this.mirroring = mirroring;
    }

    /** {@code hsw_decode_model}. */
    public static HaswellBroadwellDecoder haswellEp() {
        return new HaswellBroadwellDecoder(HSW_MEMCTRL, false);
    }

    /** {@code bdw_epex_decode_model}. */
    public static HaswellBroadwellDecoder broadwellEp() {
        return new HaswellBroadwellDecoder(BDW_MEMCTRL, true);
    }

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
                FieldPrinter.bits(status, BitField.of(24, PCU_FIRMWARE), out);
            }
            case 5, 20, 21 -> {
                out.append("QPI: ");
                FieldPrinter.bits(status, QPI, out);
            }
            case 9, 10, 11, 12, 13, 14, 15, 16 -> {
                out.append("MemCtrl: ");
                FieldPrinter.bits(status, memctrl, out);
            }
            default -> { }
        }
    }

    @Override
    public int mirrorCorrection(Mce mce) {
        if (!mirroring || (mce.bank() != 7 && mce.bank() != 8) || (mce.status() & McaStatus.MISCV) == 0) {
            return 0;
        }
        if ((mce.misc() & MISC_FAILOVER) != 0) {
            return 1;
        }
        return (mce.misc() & MISC_SCRUBBED) != 0 ? 2 : 0;
    }
}
