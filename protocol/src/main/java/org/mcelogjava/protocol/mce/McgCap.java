package org.mcelogjava.protocol.mce;

/**
 * IA32_MCG_CAP through its named fields (SDM vol. 3 §15.3.1.1; kernel MCG_*).
 *
 * @param raw the 64-bit register value
 */
public record McgCap(long raw) {

    public static final long BANKCNT_MASK = 0xff;
    public static final long CTL_P = 1L << 8;
    public static final long EXT_P = 1L << 9;
    public static final long CMCI_P = 1L << 10;
    public static final long TES_P = 1L << 11;
    public static final long SEAM_NR = 1L << 12;
    public static final long EXT_CNT_MASK = 0xffL << 16;
    public static final long SER_P = 1L << 24;
    public static final long EMC_P = 1L << 25;
    public static final long ELOG_P = 1L << 26;
    public static final long LMCE_P = 1L << 27;

    /** Number of reporting banks (bits 7:0). */
    public int bankCount() { return (int) (raw & BANKCNT_MASK); }
    /** IA32_MCG_CTL present. */
    public boolean ctlP() { return bit(CTL_P); }
    /** Extended machine-check state registers present. */
    public boolean extP() { return bit(EXT_P); }
    /** Corrected machine-check interrupts supported; STATUS[52:38] counts corrected errors. */
    public boolean cmciP() { return bit(CMCI_P); }
    /** Threshold-based error status: STATUS[56:53] architectural. */
    public boolean tesP() { return bit(TES_P); }
    /** MCG_STATUS.SEAM_NR supported. */
    public boolean seamNrP() { return bit(SEAM_NR); }
    /** Number of extended state registers (bits 23:16). */
    public int extCnt() { return (int) ((raw & EXT_CNT_MASK) >>> 16); }
    /** Software error recovery: S and AR valid, UCR classes reported. */
    public boolean serP() { return bit(SER_P); }
    /** Enhanced machine-check capability (firmware first). */
    public boolean emcP() { return bit(EMC_P); }
    /** Extended error logging. */
    public boolean elogP() { return bit(ELOG_P); }
    /** Local machine check supported. */
    public boolean lmceP() { return bit(LMCE_P); }

    private boolean bit(long mask) {
        return (raw & mask) != 0;
    }

    @Override
    public String toString() {
        return String.format("McgCap[0x%x]", raw);
    }
}
