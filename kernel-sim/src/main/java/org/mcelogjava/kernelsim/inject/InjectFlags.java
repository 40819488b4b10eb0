package org.mcelogjava.kernelsim.inject;

/** The MCJ_* software-injection flags carried in {@code struct mce.inject_flags}. */
public final class InjectFlags {
    public static final int CTX_MASK = 3;
    public static final int CTX_RANDOM = 0;
    public static final int CTX_PROCESS = 1;
    public static final int CTX_IRQ = 2;
    public static final int NMI_BROADCAST = 0x4;
    public static final int EXCEPTION = 0x8;
    public static final int IRQ_BROADCAST = 0x10;

    private InjectFlags() {
    }

    public static int context(int flags) {
        return flags & CTX_MASK;
    }
}
