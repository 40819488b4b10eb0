package org.mcelogjava.daemon.decode;

import org.mcelogjava.protocol.mce.Mce;

/**
 * Broadwell-DE add-on, mcelog's {@code bdw_de_decode_model} (SDM Vol3B tables 16-24, 16-18):
 * {@code PCU:} with UBOX words and firmware codes on bank 4, {@code MemCtrl:} flags on banks 9-10.
 */
public final class BroadwellDeDecoder implements ModelDecoder {

    private static final BitField PCU_FIRMWARE = BitField.of(24, NameTable.sparse()
            .at(0x00, "No Error").at(0x09, "MC_MESSAGE_CHANNEL_TIMEOUT").at(0x13, "MC_DMI_TRAINING_TIMEOUT")
            .at(0x15, "MC_DMI_CPU_RESET_ACK_TIMEOUT").at(0x1e, "MC_VR_ICC_MAX_LT_FUSED_ICC_MAX")
            .at(0x25, "MC_SVID_COMMAN_TIMEOUT").at(0x26, "MCA_PKGC_DIRECT_WAKE_RING_TIMEOUT")
            .at(0x29, "MC_VR_VOUT_MAC_LT_FUSED_SVID").at(0x2b, "MC_PKGC_WATCHDOG_HANG_CBZ_DOWN")
            .at(0x2c, "MC_PKGC_WATCHDOG_HANG_CBZ_UP").at(0x44, "MC_CRITICAL_VR_FAILED")
            .at(0x46, "MC_VID_RAMP_DOWN_FAILED").at(0x49, "MC_SVID_WRITE_REG_VOUT_MAX_FAILED")
            .at(0x4b, "MC_BOOT_VID_TIMEOUT_DRAM_0").at(0x4f, "MC_SVID_COMMAND_ERROR")
            .at(0x52, "MC_FIVR_CATAS_OVERVOL_FAULT").at(0x53, "MC_FIVR_CATAS_OVERCUR_FAULT")
            .at(0x57, "MC_SVID_PKGC_REQUEST_FAILED").at(0x58, "MC_SVID_IMON_REQUEST_FAILED")
            .at(0x59, "MC_SVID_ALERT_REQUEST_FAILED").at(0x62, "MC_INVALID_PKGS_RSP_QPI")
            .at(0x64, "MC_INVALID_PKG_STATE_CONFIG").at(0x67, "MC_HA_IMC_RW_BLOCK_ACK_TIMEOUT")
            .at(0x6a, "MC_MSGCH_PMREQ_CMP_TIMEOUT").at(0x72, "MC_WATCHDOG_TIMEOUT_PKGS_MAIN")
            .at(0x81, "MC_RECOVERABLE_DIE_THERMAL_TOO_HOT").build());

    @Override
    public void decode(Mce mce, TextBuffer out) {
        long status = mce.status();
        switch (mce.bank()) {
            case 4 -> {
                out.append("PCU: ");
                UboxText.append(status, out);
                if ((FieldPrinter.extract(status, 16, 19) & 3) != 0) {
                    out.append("PCU internal error ");
                }
                if ((FieldPrinter.extract(status, 20, 23) & 4) != 0) {
                    out.append("Ubox error ");
                }
                FieldPrinter.bits(status, PCU_FIRMWARE, out);
            }
            case 9, 10 -> {
                out.append("MemCtrl: ");
                FieldPrinter.bits(status, SandyIvyBridgeDecoder.IVB_MEMCTRL, out);
            }
            default -> { }
        }
    }
}
