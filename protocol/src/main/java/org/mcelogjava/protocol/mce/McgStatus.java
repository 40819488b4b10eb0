package org.mcelogjava.protocol.mce;

/**
 * IA32_MCG_STATUS through its named bits (SDM vol. 3 §15.3.1.2; kernel MCG_STATUS_*).
 *
 * @param raw the 64-bit register value
 */
public record McgStatus(long raw) {

    public static final long RIPV = 1L;
    public static final long EIPV = 1L << 1;
    public static final long MCIP = 1L << 2;
    public static final long LMCES = 1L << 3;
    public static final long SEAM_NR = 1L << 12;

    /** Restart IP valid: execution can resume at the saved IP. */
    public boolean ripv() { return (raw & RIPV) != 0; }
    /** Error IP valid: the saved IP is the instruction that caused the error. */
    public boolean eipv() { return (raw & EIPV) != 0; }
    /** Machine check in progress. */
    public boolean mcip() { return (raw & MCIP) != 0; }
    /** Local machine check: delivered to this logical CPU only. */
    public boolean lmces() { return (raw & LMCES) != 0; }
    /** The error occurred in TDX SEAM non-root mode. */
    public boolean seamNr() { return (raw & SEAM_NR) != 0; }

    @Override
    public String toString() {
        return String.format("McgStatus[0x%x]", raw);
    }
}
