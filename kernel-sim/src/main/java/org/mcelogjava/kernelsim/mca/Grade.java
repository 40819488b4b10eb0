package org.mcelogjava.kernelsim.mca;

/**
 * The result of {@code mce_severity()}: the level, the rule's message ({@code null} for AMD
 * non-panic grades), and kflags the grading sets ({@code MCE_IN_KERNEL_RECOV}, {@code MCE_IN_KERNEL_COPYIN}).
 */
public record Grade(Severity severity, String message, long kflags) {
}
