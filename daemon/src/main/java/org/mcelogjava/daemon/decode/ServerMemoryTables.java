package org.mcelogjava.daemon.decode;

/**
 * Tables shared by mcelog's Ice Lake ({@code i10nm.c}) and Sapphire Rapids ({@code sapphire.c})
 * decoders, which are identical there: PCU firmware/microcontroller codes, UPI link-layer flags
 * and the memory-controller MSCOD tables keyed by MSCOD bits 31:24.
 */
final class ServerMemoryTables {

    static NameTable pcuFirmware(boolean withDispatcherC0) {
        NameTable.Builder b = NameTable.sparse()
                .at(0x0d, "MCA_LLC_BIST_ACTIVE_TIMEOUT").at(0x0e, "MCA_DMI_TRAINING_TIMEOUT")
                .at(0x0f, "MCA_DMI_STRAP_SET_ARRIVAL_TIMEOUT").at(0x10, "MCA_DMI_CPU_RESET_ACK_TIMEOUT")
                .at(0x11, "MCA_MORE_THAN_ONE_LT_AGENT").at(0x14, "MCA_INCOMPATIBLE_PCH_TYPE")
                .at(0x1e, "MCA_BIOS_RST_CPL_INVALID_SEQ").at(0x1f, "MCA_BIOS_INVALID_PKG_STATE_CONFIG")
                .at(0x2d, "MCA_PCU_PMAX_CALIB_ERROR").at(0x2e, "MCA_TSC100_SYNC_TIMEOUT")
                .at(0x3a, "MCA_GPSB_TIMEOUT").at(0x3b, "MCA_PMSB_TIMEOUT").at(0x3e, "MCA_IOSFSB_PMREQ_CMP_TIMEOUT")
                .at(0x40, "MCA_SVID_VCCIN_VR_ICC_MAX_FAILURE").at(0x42, "MCA_SVID_VCCIN_VR_VOUT_FAILURE")
                .at(0x43, "MCA_SVID_CPU_VR_CAPABILITY_ERROR").at(0x44, "MCA_SVID_CRITICAL_VR_FAILED")
                .at(0x45, "MCA_SVID_SA_ITD_ERROR").at(0x46, "MCA_SVID_READ_REG_FAILED")
                .at(0x47, "MCA_SVID_WRITE_REG_FAILED").at(0x4a, "MCA_SVID_PKGC_REQUEST_FAILED")
                .at(0x4b, "MCA_SVID_IMON_REQUEST_FAILED").at(0x4c, "MCA_SVID_ALERT_REQUEST_FAILED")
                .at(0x4d, "MCA_SVID_MCP_VR_RAMP_ERROR").at(0x56, "MCA_FIVR_PD_HARDERR")
                .at(0x58, "MCA_WATCHDOG_TIMEOUT_PKGC_SECONDARY").at(0x59, "MCA_WATCHDOG_TIMEOUT_PKGC_MAIN")
                .at(0x5a, "MCA_WATCHDOG_TIMEOUT_PKGS_MAIN").at(0x5b, "MCA_WATCHDOG_TIMEOUT_MSG_CH_FSM")
                .at(0x5c, "MCA_WATCHDOG_TIMEOUT_BULK_CR_FSM").at(0x5d, "MCA_WATCHDOG_TIMEOUT_IOSFSB_FSM")
                .at(0x60, "MCA_PKGS_SAFE_WP_TIMEOUT").at(0x61, "MCA_PKGS_CPD_UNCPD_TIMEOUT")
                .at(0x62, "MCA_PKGS_INVALID_REQ_PCH").at(0x63, "MCA_PKGS_INVALID_REQ_INTERNAL")
                .at(0x64, "MCA_PKGS_INVALID_RSP_INTERNAL").range(0x65, 0x7a, "MCA_PKGS_RESET_PREP_TIMEOUT")
                .at(0x7b, "MCA_PKGS_SMBUS_VPP_PAUSE_TIMEOUT").at(0x7c, "MCA_PKGS_SMBUS_MCP_PAUSE_TIMEOUT")
                .at(0x7d, "MCA_PKGS_SMBUS_SPD_PAUSE_TIMEOUT").at(0x80, "MCA_PKGC_DISP_BUSY_TIMEOUT")
                .at(0x81, "MCA_PKGC_INVALID_RSP_PCH").at(0x83, "MCA_PKGC_WATCHDOG_HANG_CBZ_DOWN")
                .at(0x84, "MCA_PKGC_WATCHDOG_HANG_CBZ_UP").at(0x87, "MCA_PKGC_WATCHDOG_HANG_C2_BLKMASTER")
                .at(0x88, "MCA_PKGC_WATCHDOG_HANG_C2_PSLIMIT").at(0x89, "MCA_PKGC_WATCHDOG_HANG_SETDISP")
                .at(0x8b, "MCA_PKGC_ALLOW_L1_ERROR").at(0x90, "MCA_RECOVERABLE_DIE_THERMAL_TOO_HOT")
                .at(0xa0, "MCA_ADR_SIGNAL_TIMEOUT").at(0xa1, "MCA_BCLK_FREQ_OC_ABOVE_THRESHOLD")
                .at(0xb0, "MCA_DISPATCHER_RUN_BUSY_TIMEOUT");
        if (withDispatcherC0) {
            b.at(0xc0, "MCA_DISPATCHER_RUN_BUSY_TIMEOUT");
        }
        return b.build();
    }

    static final NameTable PCU_IP = NameTable.sparse()
            .at(0x04, "Clock/power IP response timeout").at(0x05, "SMBus controller raised SMI")
            .at(0x09, "PM controller received invalid transaction").build();

    static final NameTable PCU_MICROCONTROLLER = NameTable.sparse()
            .at(0x01, "Instruction address out of valid space").at(0x02, "Double bit RAM error on Instruction Fetch")
            .at(0x03, "Invalid OpCode seen").at(0x04, "Stack Underflow").at(0x05, "Stack Overflow")
            .at(0x06, "Data address out of valid space").at(0x07, "Double bit RAM error on Data Fetch").build();

    static final java.util.List<BitField> UPI_LINK = java.util.List.of(
            BitField.flag(22, "Phy Control Error"),
            BitField.flag(23, "Unexpected Retry.Ack flit"),
            BitField.flag(24, "Unexpected Retry.Req flit"),
            BitField.flag(25, "RF parity error"),
            BitField.flag(26, "Routeback Table error"),
            BitField.flag(27, "Unexpected Tx Protocol flit (EOP, Header or Data)"),
            BitField.flag(28, "Rx Header-or-Credit BGF credit overflow/underflow"),
            BitField.flag(29, "Link Layer Reset still in progress when Phy enters L0"),
            BitField.flag(30, "Link Layer reset initiated while protocol traffic not idle"),
            BitField.flag(31, "Link Layer Tx Parity Error"));

    static final NameTable IMC_0 = NameTable.sparse()
            .at(0x01, "Address parity error").at(0x02, "Data parity error").at(0x03, "Data ECC error")
            .at(0x04, "Data byte enable parity error").at(0x07, "Transaction ID parity error")
            .at(0x08, "Corrected patrol scrub error").at(0x10, "Uncorrected patrol scrub error")
            .at(0x20, "Corrected spare error").at(0x40, "Uncorrected spare error")
            .at(0x80, "Corrected read error").at(0xa0, "Uncorrected read error").at(0xc0, "Uncorrected metadata")
            .build();

    static final NameTable IMC_4 = NameTable.sparse().at(0x00, "RPQ parity (primary) error").build();

    static final NameTable IMC_8 = NameTable.sparse()
            .at(0x00, "DDR-T bad request").at(0x01, "DDR Data response to an invalid entry")
            .at(0x02, "DDR data response to an entry not expecting data")
            .at(0x03, "DDR completion to an invalid entry").at(0x04, "DDR-T completion to an invalid entry")
            .at(0x05, "DDR data/completion FIFO overflow").at(0x06, "DDR-T ERID correctable parity error")
            .at(0x07, "DDR-T ERID uncorrectable error")
            .at(0x08, "DDR-T interrupt received while outstanding interrupt was not ACKed")
            .at(0x09, "ERID FI FO overflow").at(0x0a, "DDR-T error on FNV write credits")
            .at(0x0b, "DDR-T error on FNV read credits").at(0x0c, "DDR-T scheduler error")
            .at(0x0d, "DDR-T FNV error event").at(0x0e, "DDR-T FNV thermal event")
            .at(0x0f, "CMI packet while idle").at(0x10, "DDR_T_RPQ_REQ_PARITY_ERR")
            .at(0x11, "DDR_T_WPQ_REQ_PARITY_ERR").at(0x12, "2LM_NMFILLWR_CAM_ERR")
            .at(0x13, "CMI_CREDIT_OVERSUB_ERR").at(0x14, "CMI_CREDIT_TOTAL_ERR")
            .at(0x15, "CMI_CREDIT_RSVD_POOL_ERR").at(0x16, "DDR_T_RD_ERROR").at(0x17, "WDB_FIFO_ERR")
            .at(0x18, "CMI_REQ_FIFO_OVERFLOW").at(0x19, "CMI_REQ_FIFO_UNDERFLOW")
            .at(0x1a, "CMI_RSP_FIFO_OVERFLOW").at(0x1b, "CMI_RSP_FIFO_UNDERFLOW")
            .at(0x1c, "CMI _MISC_MC_CRDT_ERRORS").at(0x1d, "CMI_MISC_MC_ARB_ERRORS")
            .at(0x1e, "DDR_T_WR_CMPL_FI FO_OVERFLOW").at(0x1f, "DDR_T_WR_CMPL_FI FO_UNDERFLOW")
            .at(0x20, "CMI_RD_CPL_FIFO_OVERFLOW").at(0x21, "CMI_RD_CPL_FIFO_UNDERFLOW")
            .at(0x22, "TME_KEY_PAR_ERR").at(0x23, "TME_CMI_MISC_ERR").at(0x24, "TME_CMI_OVFL_ERR")
            .at(0x25, "TME_CMI_UFL_ERR").at(0x26, "TME_TEM_SECURE_ERR").at(0x27, "TME_UFILL_PAR_ERR")
            .at(0x29, "INTERNAL_ERR").at(0x2a, "TME_INTEGRITY_ERR").at(0x2b, "TME_TDX_ERR")
            .at(0x2c, "TME_UFILL_TEM_SECURE_ERR").at(0x2d, "TME_KEY_POISON_ERR")
            .at(0x2e, "TME_SECURITY_ENGINE_ERR").build();

    static final NameTable IMC_10 = NameTable.sparse()
            .at(0x08, "CORR_PATSCRUB_MIRR2ND_ERR").at(0x10, "UC_PATSCRUB_MIRR2ND_ERR")
            .at(0x20, "COR_SPARE_MIRR2ND_ERR").at(0x40, "UC_SPARE_MIRR2ND_ERR")
            .at(0x80, "HA_RD_MIRR2ND_ERR").at(0xa0, "HA_UNCORR_RD_MIRR2ND_ERR").build();

    private ServerMemoryTables() {
    }
}
