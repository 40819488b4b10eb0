package org.mcelogjava.kernelsim.mca;

import java.util.BitSet;
import org.mcelogjava.kernelsim.machine.Cpu;
import org.mcelogjava.kernelsim.mm.Task;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The kernel's per-CPU MCA variables for one CPU: {@code mce_banks_array} (the CTL value the kernel
 * wrote), {@code mce_poll_banks}, {@code injectm}, {@code hw_errs_seen}, the counters, and the
 * task currently running on the CPU.
 */
public final class PerCpuMce {

    private final Cpu cpu;
    private final long[] bankCtl;
    final BitSet pollBanks = new BitSet();
    private final BitSet bankInit = new BitSet();
    private volatile Mce injectm = Mce.EMPTY;
    volatile Mce hwErrsSeen = Mce.EMPTY;
    long exceptionCount;
    long pollCount;
    long thresholdCount;
    private Task current;

    private PerCpuMce(Cpu cpu, Task idle) {
        this.cpu = cpu;
        this.bankCtl = new long[cpu.bankCount()];
        this.current = idle;
    }

    /**
     * The per-CPU state at {@code mcheck_cpu_init()}: every bank enabled ({@code ctl} all ones)
     * and in the poll set. The banks themselves are prepared by {@link MachineCheckPoller#prepareBanks}.
     */
    public static PerCpuMce boot(Cpu cpu, Task idle) {
        PerCpuMce p = new PerCpuMce(cpu, idle);
        for (int i = 0; i < cpu.bankCount(); i++) {
            p.bankCtl[i] = -1L;
            p.pollBanks.set(i);
        }
        return p;
    }

    public Cpu cpu() {
        return cpu;
    }

    public int number() {
        return cpu.number();
    }

    /** {@code mce_banks[i].ctl}: 0 means the bank is unused and skipped by poll and #MC. */
    public long bankCtl(int bank) {
        return bankCtl[bank];
    }

    /** sysfs {@code bankN}: a 0 mask makes poll and #MC skip the bank. */
    public void bankCtl(int bank, long ctl) {
        bankCtl[bank] = ctl;
    }

    /** {@code mce_banks[i].init}: the bank's CTL read back non-zero at {@code __mcheck_cpu_check_banks}. */
    public boolean bankInit(int bank) {
        return bankInit.get(bank);
    }

    void bankInit(int bank, boolean init) {
        bankInit.set(bank, init);
    }

    public BitSet pollBanks() {
        return (BitSet) pollBanks.clone();
    }

    /** {@code per_cpu(injectm, cpu)}; {@code finished == 1} means armed. */
    public Mce injectm() {
        return injectm;
    }

    /** {@code inject_mce()}: copy the record, {@code finished} written last. */
    public void injectm(Mce m) {
        injectm = m;
    }

    public Mce hwErrsSeen() {
        return hwErrsSeen;
    }

    public long exceptionCount() {
        return exceptionCount;
    }

    public long pollCount() {
        return pollCount;
    }

    /** {@code irq_threshold_count}: threshold (CMCI on Intel) interrupts taken on this CPU. */
    public long thresholdCount() {
        return thresholdCount;
    }

    /** The task running on this CPU ({@code current}). */
    public Task current() {
        return current;
    }

    public void current(Task t) {
        current = t;
    }
}
