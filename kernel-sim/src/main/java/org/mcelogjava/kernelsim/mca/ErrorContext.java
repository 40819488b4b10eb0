package org.mcelogjava.kernelsim.mca;

/** severity.c's {@code enum context}: where the error interrupted execution. */
public enum ErrorContext {
    IN_KERNEL, IN_USER, IN_KERNEL_RECOV
}
