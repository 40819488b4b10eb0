package org.mcelogjava.kernelsim.mca;

/**
 * The interrupted register state a #MC handler sees ({@code struct pt_regs}, the parts that matter):
 * instruction pointer, code segment, whether interrupts were enabled (EFLAGS.IF) and VM86 mode.
 */
public record Regs(long ip, int cs, boolean interruptsEnabled, boolean vm86) {

    /** __KERNEL_CS on x86-64. */
    public static final int KERNEL_CS = 0x10;

    /** Registers of a CPU interrupted while running kernel code (what an NMI-raised injection sees). */
    public static Regs interruptedKernel() {
        return new Regs(0, KERNEL_CS, true, false);
    }

    /** {@code raise_exception()}'s fake regs: ip/cs from the record, everything else zero. */
    public static Regs fake(long ip, int cs) {
        return new Regs(ip, cs, false, false);
    }
}
