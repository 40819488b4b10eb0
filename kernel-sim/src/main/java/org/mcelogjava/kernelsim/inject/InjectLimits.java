package org.mcelogjava.kernelsim.inject;

/**
 * The CPU and bank numbers a record may name. {@code --dump} knows no machine, so its limits are
 * the widths of the fields in {@code struct mce} ({@code extcpu} u32, {@code bank} u8); the tool
 * injecting into a machine checks what mce-inject.c's {@code submit_mce()} checks: the CPU is
 * listed in /proc/cpuinfo, the bank exists under {@code machinecheck0/bankN}.
 *
 * @param cpus    CPU numbers 0 to cpus-1 are valid
 * @param banks   bank numbers 0 to banks-1 are valid
 * @param machine true when the limits are a machine's, false when they are the field widths
 */
public record InjectLimits(long cpus, int banks, boolean machine) {

    /** struct mce's field widths: extcpu is 32 bits, bank 8 bits. */
    public static final InjectLimits FIELD_WIDTHS = new InjectLimits(1L << 32, 256, false);

    public InjectLimits {
        if (cpus < 0 || banks < 1 || banks > 256) {
            throw new IllegalArgumentException("the limits are 0 or more CPUs and 1 to 256 banks, not "
                    + cpus + " CPUs and " + banks + " banks");
        }
    }

    /** The limits of a machine with {@code onlineCpus} CPUs (0..n-1) and banks 0..{@code maxBank}. */
    public static InjectLimits machine(int onlineCpus, int maxBank) {
        return new InjectLimits(onlineCpus, maxBank + 1, true);
    }

    /** Why {@code cpu} is refused, or null if it is valid. */
    String checkCpu(long cpu) {
        if (Long.compareUnsigned(cpu, cpus) < 0) {
            return null;
        }
        if (machine && cpus == 0) {
            return "not online (this machine lists no CPUs under /sys/devices/system/machinecheck)";
        }
        return machine ? "not online (this machine has CPUs 0-" + (cpus - 1) + ")"
                : "out of range (the CPU number is 32 bits: 0-4294967295)";
    }

    /** Why {@code bank} is refused, or null if it is valid. */
    String checkBank(long bank) {
        if (Long.compareUnsigned(bank, banks) < 0) {
            return null;
        }
        return machine ? "no such bank (this CPU has banks 0-" + (banks - 1) + ")"
                : "out of range (the bank number is 8 bits: 0-255)";
    }
}
