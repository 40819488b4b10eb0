package org.mcelogjava.kernelsim.mca;

import java.util.List;
import org.mcelogjava.kernelsim.clock.KernelClock;
import org.mcelogjava.kernelsim.klog.KernelLog;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Vendor;

/**
 * What every MCA component shares: the machine, the kernel generation and configuration, the
 * clock, the kernel log, the per-CPU state, the vendor's grader and the observer. (The kernel
 * reaches these through globals; here they are passed in once.)
 *
 * @param machine  the hardware
 * @param kernel   kernel generation
 * @param config   mca_config
 * @param clock    the machine's clock
 * @param log      printk ring
 * @param perCpu   per-CPU MCA state, indexed by CPU number
 * @param grader   mce_severity for this vendor
 * @param observer trace tap
 */
public record McaContext(Machine machine, KernelProfile kernel, MceConfig config, KernelClock clock, KernelLog log,
                         List<PerCpuMce> perCpu, SeverityGrader grader, MceObserver observer) {

    public PerCpuMce cpu(int n) {
        return perCpu.get(n);
    }

    /** mca_cfg.ser: MCG_CAP.SER_P. */
    public boolean ser() {
        return (machine.profile().mcgCap() & (1L << 24)) != 0;
    }

    public boolean intelLike() {
        return machine.profile().vendor().intelLike();
    }

    /** rdtsc at a nominal 2 GHz. */
    public long rdtsc() {
        return clock.nanoTime() * 2;
    }

    /**
     * mca_cfg.bootlog after the quirks: off for AMD families before 0x11 and Intel before Yonah
     * (their banks hold junk after reset), on otherwise.
     */
    public boolean bootlog() {
        var p = machine.profile();
        if (p.vendor() == Vendor.AMD) {
            return p.family() >= 0x11;
        }
        return !p.vendor().intelLike() || p.family() > 6 || p.family() == 6 && p.model() >= 0x0e;
    }

    /** The effective monarch_timeout in µs after {@code __mcheck_cpu_apply_quirks}. */
    public long monarchTimeoutUs() {
        long t = config.monarchTimeoutUs();
        if (t >= 0) {
            return t;
        }
        var p = machine.profile();
        boolean intelYonahOrLater = p.vendor().intelLike() && (p.family() > 6 || p.family() == 6 && p.model() >= 0x0e);
        return intelYonahOrLater ? 1_000_000 : 0;
    }
}
