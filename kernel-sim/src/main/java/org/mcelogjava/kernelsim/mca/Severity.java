package org.mcelogjava.kernelsim.mca;

/**
 * The kernel's {@code enum severity_level} (arch/x86/kernel/cpu/mce/internal.h). The ordinal order
 * is the kernel's order and {@link #value()} is the byte stored in {@code struct mce.severity}.
 * {@code MCE_DEFERRED_SEVERITY} (AMD) and {@code MCE_UCNA_SEVERITY} (Intel) are the same level.
 */
public enum Severity {
    NO, UCNA, KEEP, SOME, AO, UC, AR, PANIC;

    public int value() {
        return ordinal();
    }

    /** The kernel constant's name, e.g. {@code MCE_PANIC_SEVERITY}. */
    public String kernelName() {
        return "MCE_" + name() + "_SEVERITY";
    }

    public static Severity ofValue(int v) {
        return values()[v];
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
