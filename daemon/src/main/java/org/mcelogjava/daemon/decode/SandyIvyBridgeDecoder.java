package org.mcelogjava.daemon.decode;

import java.util.List;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Sandy Bridge (client and EP) and Ivy Bridge-EP add-ons, mcelog's {@code snb_decode_model} and
 * {@code ivb_decode_model} (SDM Vol3B 16.4.1, tables 16-17/16-18): {@code PCU:} microcontroller
 * and firmware codes, a bare {@code QPI} marker on the QPI banks of the EP parts, and
 * {@code MemCtrl:} flags; the PCU and MemCtrl blocks end with an extra empty line.
 */
public final class SandyIvyBridgeDecoder implements ModelDecoder {

    static final NameTable PCU_MICROCONTROLLER = NameTable.of("No error", "Non_IMem_Sel", "I_Parity_Error",
            "Bad_OpCode", "I_Stack_Underflow", "I_Stack_Overflow", "D_Stack_Underflow", "D_Stack_Overflow",
            "Non-DMem_Sel", "D_Parity_Error");

    private static final NameTable SNB_PCU_FIRMWARE = NameTable.sparse()
            .at(0x00, "No Error").at(0x0d, "MC_IMC_FORCE_SR_S3_TIMEOUT").at(0x0e, "MC_MC_CPD_UNCPD_ST_TIMEOUT")
            .at(0x0f, "MC_PKGS_SAFE_WP_TIMEOUT").at(0x43, "MC_PECI_MAILBOX_QUIESCE_TIMEOUT")
            .at(0x5c, "MC_MORE_THAN_ONE_LT_AGENT").at(0x60, "MC_INVALID_PKGS_REQ_PCH")
            .at(0x61, "MC_INVALID_PKGS_REQ_QPI").at(0x62, "MC_INVALID_PKGS_RES_QPI")
            .at(0x63, "MC_INVALID_PKGC_RES_PCH").at(0x64, "MC_INVALID_PKG_STATE_CONFIG")
            .at(0x70, "MC_WATCHDG_TIMEOUT_PKGC_SECONDARY").at(0x71, "MC_WATCHDG_TIMEOUT_PKGC_MAIN")
            .at(0x72, "MC_WATCHDG_TIMEOUT_PKGS_MAIN").at(0x7a, "MC_HA_FAILSTS_CHANGE_DETECTED")
            .at(0x81, "MC_RECOVERABLE_DIE_THERMAL_TOO_HOT").build();

    private static final NameTable IVB_PCU_FIRMWARE = NameTable.sparse()
            .at(0x00, "No Error").at(0x0d, "MC_IMC_FORCE_SR_S3_TIMEOUT").at(0x0e, "MC_MC_CPD_UNCPD_ST_TIMEOUT")
            .at(0x0f, "MC_PKGS_SAFE_WP_TIMEOUT").at(0x43, "MC_PECI_MAILBOX_QUIESCE_TIMEOUT")
            .at(0x44, "MC_CRITICAL_VR_FAILED").at(0x45, "MC_ICC_MAX-NOTSUPPORTED")
            .at(0x5c, "MC_MORE_THAN_ONE_LT_AGENT").at(0x60, "MC_INVALID_PKGS_REQ_PCH")
            .at(0x61, "MC_INVALID_PKGS_REQ_QPI").at(0x62, "MC_INVALID_PKGS_RES_QPI")
            .at(0x63, "MC_INVALID_PKGC_RES_PCH").at(0x64, "MC_INVALID_PKG_STATE_CONFIG")
            .at(0x70, "MC_WATCHDG_TIMEOUT_PKGC_SECONDARY").at(0x71, "MC_WATCHDG_TIMEOUT_PKGC_MAIN")
            .at(0x72, "MC_WATCHDG_TIMEOUT_PKGS_MAIN").at(0x7a, "MC_HA_FAILSTS_CHANGE_DETECTED")
            .at(0x7b, "MC_PCIE_R2PCIE-RW_BLOCK_ACK_TIMEOUT").at(0x81, "MC_RECOVERABLE_DIE_THERMAL_TOO_HOT")
            .build();

    private static final List<BitField> SNB_MEMCTRL = List.of(
            BitField.flag(16, "Address parity error"),
            BitField.flag(17, "HA Wrt buffer Data parity error"),
            BitField.flag(18, "HA Wrt byte enable parity error"),
            BitField.flag(19, "Corrected patrol scrub error"),
            BitField.flag(20, "Uncorrected patrol scrub error"),
            BitField.flag(21, "Corrected spare error"),
            BitField.flag(22, "Uncorrected spare error"));

    /** Ivy Bridge-EP and Broadwell-DE memory controller flags. */
    static final List<BitField> IVB_MEMCTRL = List.of(
            BitField.flag(16, "Address parity error"),
            BitField.flag(17, "HA Wrt buffer Data parity error"),
            BitField.flag(18, "HA Wrt byte enable parity error"),
            BitField.flag(19, "Corrected patrol scrub error"),
            BitField.flag(20, "Uncorrected patrol scrub error"),
            BitField.flag(21, "Corrected spare error"),
            BitField.flag(22, "Uncorrected spare error"),
            BitField.flag(23, "Corrected memory read error"),
            BitField.flag(24, "iMC, WDB, parity errors"));

    private final List<BitField> pcu;
    private final List<BitField> memctrl;
    private final int firstMemBank;
    private final int lastMemBank;
    private final int firstQpiBank;
    private final int lastQpiBank;

    private SandyIvyBridgeDecoder(NameTable firmware, List<BitField> memctrl, int firstMemBank, int lastMemBank,
                                  int firstQpiBank, int lastQpiBank) {
        this.pcu = List.of(BitField.of(16, PCU_MICROCONTROLLER), BitField.of(24, firmware));
        this.memctrl = memctrl;
        this.firstMemBank = firstMemBank;
        this.lastMemBank = lastMemBank;
        this.firstQpiBank = firstQpiBank;
        this.lastQpiBank = lastQpiBank;
    }

    /** Sandy Bridge client (model 0x2a): no QPI banks. */
    public static SandyIvyBridgeDecoder sandyBridge() {
        return new SandyIvyBridgeDecoder(SNB_PCU_FIRMWARE, SNB_MEMCTRL, 8, 11, -1, -1);
    }

    /** Sandy Bridge-EP (model 0x2d): QPI on banks 6 and 7. */
    public static SandyIvyBridgeDecoder sandyBridgeEp() {
        return new SandyIvyBridgeDecoder(SNB_PCU_FIRMWARE, SNB_MEMCTRL, 8, 11, 6, 7);
    }

    /** Ivy Bridge-EP (model 0x3e): QPI on bank 5, memory controllers on banks 9-16. */
    public static SandyIvyBridgeDecoder ivyBridgeEp() {
        return new SandyIvyBridgeDecoder(IVB_PCU_FIRMWARE, IVB_MEMCTRL, 9, 16, 5, 5);
    }

    @Override
    public void decode(Mce mce, TextBuffer out) {
        int bank = mce.bank();
        if (bank == 4) {
            out.append("PCU: ");
            FieldPrinter.bits(mce.status(), pcu, out);
            out.append('\n');
        } else if (bank >= firstQpiBank && bank <= lastQpiBank) {
            out.append("QPI\n");
        } else if (bank >= firstMemBank && bank <= lastMemBank) {
            out.append("MemCtrl: ");
            FieldPrinter.bits(mce.status(), memctrl, out);
            out.append('\n');
        }
    }
}
