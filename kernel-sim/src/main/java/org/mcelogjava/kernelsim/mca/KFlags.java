package org.mcelogjava.kernelsim.mca;

/** {@code struct mce.kflags} bits (arch/x86/include/asm/mce.h). */
public final class KFlags {
    public static final long HANDLED_CEC = 1L;
    public static final long HANDLED_UC = 1L << 1;
    public static final long HANDLED_EXTLOG = 1L << 2;
    public static final long HANDLED_NFIT = 1L << 3;
    public static final long HANDLED_EDAC = 1L << 4;
    public static final long HANDLED_MCELOG = 1L << 5;
    public static final long IN_KERNEL_RECOV = 1L << 6;
    public static final long IN_KERNEL_COPYIN = 1L << 7;

    private KFlags() {
    }
}
