package org.mcelogjava.protocol.mce;

/**
 * IA32_MCi_STATUS through its named fields (Intel SDM vol. 3 §15.3.2.2; kernel MCI_STATUS_*).
 *
 * @param raw the 64-bit register value
 */
public record McaStatus(long raw) {

    public static final long VAL = 1L << 63;
    public static final long OVER = 1L << 62;
    public static final long UC = 1L << 61;
    public static final long EN = 1L << 60;
    public static final long MISCV = 1L << 59;
    public static final long ADDRV = 1L << 58;
    public static final long PCC = 1L << 57;
    public static final long S = 1L << 56;
    public static final long AR = 1L << 55;
    /** Kernel MCI_STATUS_CEC_MASK: GENMASK(52, 38). */
    public static final long CEC_MASK = 0x7fffL << 38;

    /** Register valid. */
    public boolean val() { return bit(VAL); }
    /** Another error was lost. */
    public boolean over() { return bit(OVER); }
    /** Uncorrected. */
    public boolean uc() { return bit(UC); }
    /** Error reporting was enabled in MCi_CTL. */
    public boolean en() { return bit(EN); }
    /** MCi_MISC holds information about this error. */
    public boolean miscv() { return bit(MISCV); }
    /** MCi_ADDR holds the address of this error. */
    public boolean addrv() { return bit(ADDRV); }
    /** Processor context corrupt. */
    public boolean pcc() { return bit(PCC); }
    /** Signalled by #MC (valid with MCG_CAP.SER_P). */
    public boolean s() { return bit(S); }
    /** Action required (valid with MCG_CAP.SER_P). */
    public boolean ar() { return bit(AR); }

    /** Bits 54:53, meaningful with MCG_CAP.TES_P on a corrected error. */
    public ThresholdStatus thresholdStatus() {
        return ThresholdStatus.of((int) (raw >>> 53) & 3);
    }

    /** Bits 52:38: the corrected error count (with MCG_CAP.CMCI_P); bit 52 is the sticky overflow. */
    public int correctedCount() {
        return (int) ((raw & CEC_MASK) >>> 38);
    }

    /** Bits 37:32, model-specific "other information". */
    public int otherInfo() {
        return (int) (raw >>> 32) & 0x3f;
    }

    /** Bits 31:16, the model-specific error code. */
    public int mscod() {
        return (int) (raw >>> 16) & 0xffff;
    }

    /** Bits 15:0, the architectural MCA error code. */
    public int mcacod() {
        return (int) raw & 0xffff;
    }

    /** The architectural error code classified into the SDM's simple and compound classes. */
    public McaErrorCode errorCode() {
        return McaErrorCode.of(mcacod());
    }

    /**
     * The SDM's error class (vol. 3 §15.6, table 15-6). Without SER_P the S and AR bits are
     * undefined, so every uncorrected error is {@link SerClass#FATAL}.
     */
    public SerClass serClass(boolean serP) {
        return SerClass.of(this, serP);
    }

    private boolean bit(long mask) {
        return (raw & mask) != 0;
    }

    @Override
    public String toString() {
        return String.format("McaStatus[0x%016x]", raw);
    }
}
