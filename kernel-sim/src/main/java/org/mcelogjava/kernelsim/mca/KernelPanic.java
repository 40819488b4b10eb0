package org.mcelogjava.kernelsim.mca;

/**
 * Thrown on the CPU that calls {@code panic()}: the simulated machine halts, so the code that
 * called it does not continue. Catch it only where a whole machine run ends.
 */
public final class KernelPanic extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KernelPanic(String message) {
        super(message, null, false, false);
    }
}
