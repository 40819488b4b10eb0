package org.mcelogjava.protocol.device;

/**
 * The kernel's own paths of the machine-check device and its attributes, so tools address the
 * simulator as they would a real machine. The attribute semantics are in PROTOCOL.md; the kernel
 * sources are arch/x86/kernel/cpu/mce/core.c ({@code mce_device_attrs}), dev-mcelog.c
 * ({@code trigger}), inject.c (debugfs {@code mce-inject/}), drivers/base/memory.c
 * ({@code soft_offline_page}, {@code hard_offline_page}) and drivers/base/cpu.c ({@code online}).
 */
public final class DevicePaths {

    /** The character device (misc major 10, minor 227); opened with OPEN, not an attribute. */
    public static final String DEVICE = "/dev/mcelog";
    public static final String MACHINECHECK_DIR = "/sys/devices/system/machinecheck";
    public static final String MEMORY_DIR = "/sys/devices/system/memory";
    public static final String SOFT_OFFLINE_PAGE = MEMORY_DIR + "/soft_offline_page";
    public static final String HARD_OFFLINE_PAGE = MEMORY_DIR + "/hard_offline_page";
    public static final String CPU_DIR = "/sys/devices/system/cpu";
    public static final String MCE_INJECT_DIR = "/sys/kernel/debug/mce-inject";
    public static final String MCE_DEBUG_DIR = "/sys/kernel/debug/mce";
    public static final String FAKE_PANIC = MCE_DEBUG_DIR + "/fake_panic";
    public static final String SEVERITIES_COVERAGE = MCE_DEBUG_DIR + "/severities-coverage";
    /** The simulated machine's CPUs, in the kernel's format. */
    public static final String CPUINFO = "/proc/cpuinfo";
    /** A random UUID fixed for one boot: tells a reader the simulator was restarted. */
    public static final String BOOT_ID = "/proc/sys/kernel/random/boot_id";

    /** Attribute names in every {@code machinecheckN} directory besides {@code bankN}. */
    public static final String CHECK_INTERVAL = "check_interval";
    public static final String TRIGGER = "trigger";
    public static final String MONARCH_TIMEOUT = "monarch_timeout";
    public static final String DONT_LOG_CE = "dont_log_ce";
    public static final String PRINT_ALL = "print_all";
    public static final String IGNORE_CE = "ignore_ce";
    public static final String CMCI_DISABLED = "cmci_disabled";

    /** File names in {@link #MCE_INJECT_DIR}; writing {@link #INJECT_BANK} injects. */
    public static final String INJECT_STATUS = "status";
    public static final String INJECT_MISC = "misc";
    public static final String INJECT_ADDR = "addr";
    public static final String INJECT_SYND = "synd";
    public static final String INJECT_IPID = "ipid";
    public static final String INJECT_CPU = "cpu";
    public static final String INJECT_FLAGS = "flags";
    public static final String INJECT_BANK = "bank";
    public static final String INJECT_README = "README";

    private DevicePaths() {
    }

    /** {@code /sys/devices/system/machinecheck/machinecheck<cpu>}. */
    public static String machinecheckDir(int cpu) {
        return MACHINECHECK_DIR + "/machinecheck" + requireNonNegative(cpu, "cpu");
    }

    /** An attribute of {@code machinecheck<cpu>}, e.g. {@code machinecheck(0, CHECK_INTERVAL)}. */
    public static String machinecheck(int cpu, String attribute) {
        return machinecheckDir(cpu) + "/" + attribute;
    }

    /** {@code machinecheck<cpu>/bank<bank>}: the bank's MCi_CTL mask in hex. */
    public static String bank(int cpu, int bank) {
        return machinecheck(cpu, "bank" + requireNonNegative(bank, "bank"));
    }

    /** {@code /sys/devices/system/cpu/cpu<cpu>/online}: "0" or "1". */
    public static String cpuOnline(int cpu) {
        return CPU_DIR + "/cpu" + requireNonNegative(cpu, "cpu") + "/online";
    }

    /** A file of the mce-inject debugfs directory, e.g. {@code mceInject(INJECT_STATUS)}. */
    public static String mceInject(String file) {
        return MCE_INJECT_DIR + "/" + file;
    }

    private static int requireNonNegative(int value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0: " + value);
        }
        return value;
    }
}
