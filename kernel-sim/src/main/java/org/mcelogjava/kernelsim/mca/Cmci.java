package org.mcelogjava.kernelsim.mca;

import java.util.BitSet;
import org.mcelogjava.kernelsim.clock.Jiffies;
import org.mcelogjava.kernelsim.klog.KernelLog;
import org.mcelogjava.kernelsim.machine.McaBank;

/**
 * intel.c's CMCI support: bank ownership ({@code cmci_discover}: the first CPU to set CTL2.EN
 * owns a shared bank, the others drop it from their poll set), the threshold choice, the
 * interrupt handler {@code intel_threshold_interrupt()} polling the owned banks with
 * MCP_TIMESTAMP, {@code cmci_recheck()}, {@code cmci_clear()} / {@code cmci_rediscover()} for CPU
 * hot-unplug, and both generations of storm handling:
 * <ul>
 * <li>≤ 6.7 ({@code cmci_storm_detect}, {@code cmci_intel_adjust_timer}): more than 15 CMCIs
 * within one second switch the CPU to poll mode (CMCI off on its banks, 1 s polling); after
 * 300 consecutive quiet polls it subsides, and interrupts come back only when no CPU is in storm.</li>
 * <li>≥ 6.8: per-bank tracking in {@link CmciStorms}; the Intel hook sets the bank's CTL2 threshold
 * to 32749 during a storm and restores the saved default after.</li>
 * </ul>
 */
public final class Cmci {

    /** CMCI_THRESHOLD: Linux's default, interrupt on every corrected error. */
    public static final int CMCI_THRESHOLD = 1;
    /** CMCI_STORM_THRESHOLD (≥6.8): just below the 0x7fff maximum, a recognisable signature. */
    public static final int CMCI_STORM_THRESHOLD = 32749;
    /** ≤6.7 CMCI_STORM_THRESHOLD: CMCIs per CMCI_STORM_INTERVAL (1 s) that make a storm. */
    public static final int OLD_STORM_THRESHOLD = 15;
    /** ≤6.7 CMCI_POLL_INTERVAL while subsided: 30 s. */
    public static final long OLD_POLL_INTERVAL = 30 * Jiffies.HZ;

    /** ≤6.7 per-CPU storm state. */
    public enum StormState { NONE, ACTIVE, SUBSIDED }

    private final McaContext ctx;
    private final MachineCheckPoller poller;
    private final PollTimers timers;
    private final CmciStorms storms;
    private final MceLogger logger;
    private final BitSet[] owned;
    private final int[] savedThreshold;
    private final StormState[] oldState;
    private final int[] oldCount;
    private final long[] oldWindowStart;
    private final int[] backoff;
    private int stormOnCpus;
    private boolean biosNotePrinted;

    public Cmci(McaContext ctx, MachineCheckPoller poller, PollTimers timers, CmciStorms storms, MceLogger logger) {
        this.ctx = ctx;
        this.poller = poller;
        this.timers = timers;
        this.storms = storms;
        this.logger = logger;
        int n = ctx.machine().cpuCount();
        this.owned = new BitSet[n];
        this.oldState = new StormState[n];
        this.oldCount = new int[n];
        this.oldWindowStart = new long[n];
        this.backoff = new int[n];
        for (int c = 0; c < n; c++) {
            owned[c] = new BitSet();
            oldState[c] = StormState.NONE;
            oldWindowStart[c] = Long.MIN_VALUE / 2;
        }
        this.savedThreshold = new int[ctx.machine().profile().bankCount()];
        storms.handler(this::handleStorm);
        timers.timerAdjust(this::oldTimerAdjust);
    }

    /** cmci_supported(): Intel/Zhaoxin, MCG_CAP.CMCI_P, not disabled. */
    public boolean supported() {
        return ctx.intelLike() && (ctx.machine().profile().mcgCap() & (1L << 10)) != 0
                && !ctx.config().cmciDisabled() && !ctx.config().ignoreCe();
    }

    /** Boot: discover on every CPU in CPU order ({@code intel_init_cmci} → {@code cmci_discover}, then {@code cmci_recheck}). */
    public void initAll() {
        if (!supported()) {
            return;
        }
        for (int c = 0; c < ctx.machine().cpuCount(); c++) {
            discover(c);
            recheck(c);
        }
    }

    /** The banks this CPU owns ({@code mce_banks_owned}). */
    public BitSet owned(int cpu) {
        return (BitSet) owned[cpu].clone();
    }

    public StormState oldStormState(int cpu) {
        return oldState[cpu];
    }

    /** {@code cmci_discover()} on one CPU (under the global discover lock). */
    public synchronized void discover(int cpu) {
        PerCpuMce p = ctx.cpu(cpu);
        boolean biosZero = false;
        boolean biosWrong = false;
        for (int i = 0; i < p.cpu().bankCount(); i++) {
            if (owned[cpu].get(i)) {
                continue;
            }
            McaBank bank = p.cpu().bank(i);
            long val = bank.ctl2();
            if ((val & McaBank.CTL2_CMCI_EN) != 0) {
                owned[cpu].clear(i);
                p.pollBanks.clear(i);
                continue;
            }
            boolean inheritStorm = ctx.kernel().perBankStorms()
                    && (val & McaBank.CTL2_THRESHOLD_MASK) == CMCI_STORM_THRESHOLD;
            if (!inheritStorm) {
                if (!ctx.config().biosCmciThreshold()) {
                    val = (val & ~McaBank.CTL2_THRESHOLD_MASK) | CMCI_THRESHOLD;
                } else if ((val & McaBank.CTL2_THRESHOLD_MASK) == 0) {
                    biosZero = true;
                    val |= CMCI_THRESHOLD;
                }
            }
            bank.writeCtl2(val | McaBank.CTL2_CMCI_EN);
            val = bank.ctl2();
            if ((val & McaBank.CTL2_CMCI_EN) == 0) {
                storms.pollOnly(cpu, i, true);
                continue;
            }
            owned[cpu].set(i);
            if (inheritStorm) {
                ctx.log().print(KernelLog.Level.NOTICE, "mce: CPU" + cpu + " BANK" + i + " CMCI inherited storm");
                storms.inherit(cpu, i);
                storms.begin(cpu, i);
            } else {
                p.pollBanks.clear(i);
            }
            if (ctx.config().biosCmciThreshold() && biosZero && (val & McaBank.CTL2_THRESHOLD_MASK) != 0) {
                biosWrong = true;
            }
            if (savedThreshold[i] == 0) {
                savedThreshold[i] = (int) (val & McaBank.CTL2_THRESHOLD_MASK);
            }
        }
        if (biosWrong && !biosNotePrinted) {
            biosNotePrinted = true;
            ctx.log().info("mce: bios_cmci_threshold: Some banks do not have valid thresholds set");
            ctx.log().info("mce: bios_cmci_threshold: Make sure your BIOS supports this boot option");
        }
    }

    /** {@code cmci_recheck()}: poll the owned banks once to catch events missed during setup. */
    public void recheck(int cpu) {
        if (supported()) {
            poller.poll(cpu, 0, owned[cpu]);
        }
    }

    /** {@code cmci_clear()} when a CPU goes offline: give up every owned bank (ending storms on them). */
    public synchronized void clear(int cpu) {
        PerCpuMce p = ctx.cpu(cpu);
        for (int i = owned[cpu].nextSetBit(0); i >= 0; i = owned[cpu].nextSetBit(i + 1)) {
            McaBank bank = p.cpu().bank(i);
            bank.writeCtl2(bank.ctl2() & ~McaBank.CTL2_CMCI_EN);
            if (ctx.kernel().perBankStorms() && storms.inStorm(cpu, i)) {
                storms.end(cpu, i);
            }
        }
        owned[cpu].clear();
    }

    /** {@code cmci_rediscover()} after a CPU died: every other online CPU runs discovery (first claimant wins). */
    public void rediscover(int deadCpu) {
        for (int c = 0; c < ctx.machine().cpuCount(); c++) {
            if (c != deadCpu && ctx.machine().isOnline(c)) {
                discover(c);
            }
        }
    }

    /**
     * The CMCI vector on {@code cpu}: {@code sysvec_threshold} counts it ({@code irq_threshold_count},
     * the THR line of /proc/interrupts) and calls {@code intel_threshold_interrupt()}.
     */
    public void interrupt(int cpu) {
        ctx.cpu(cpu).thresholdCount++;
        if (!ctx.kernel().perBankStorms() && oldStormDetect(cpu)) {
            return;
        }
        poller.poll(cpu, MachineCheckPoller.MCP_TIMESTAMP, owned[cpu]);
        if (ctx.kernel() == KernelProfile.V4_0) {
            logger.notifyIrq();
        }
    }

    /** ≥6.8 Intel {@code mce_intel_handle_storm()}: storm threshold on, or the saved default back. */
    private synchronized void handleStorm(int cpu, int bank, boolean on) {
        McaBank b = ctx.machine().cpu(cpu).bank(bank);
        long val = b.ctl2() & ~McaBank.CTL2_THRESHOLD_MASK;
        b.writeCtl2(val | (on ? CMCI_STORM_THRESHOLD : savedThreshold[bank]));
    }

    /** ≤6.7 {@code cmci_storm_detect()}. */
    private boolean oldStormDetect(int cpu) {
        if (oldState[cpu] != StormState.NONE) {
            return true;
        }
        long now = ctx.clock().jiffies();
        if (now <= oldWindowStart[cpu] + Jiffies.HZ) {
            oldCount[cpu]++;
        } else {
            oldCount[cpu] = 1;
            oldWindowStart[cpu] = now;
        }
        if (oldCount[cpu] <= OLD_STORM_THRESHOLD) {
            return false;
        }
        toggleInterruptMode(cpu, false);
        oldState[cpu] = StormState.ACTIVE;
        int r;
        synchronized (this) {
            r = ++stormOnCpus;
        }
        timers.kickInterval(cpu, Jiffies.HZ);
        backoff[cpu] = MceConfig.INITIAL_CHECK_INTERVAL_SEC;
        if (r == 1) {
            ctx.log().print(KernelLog.Level.NOTICE, "mce: CMCI storm detected: switching to poll mode");
        }
        return true;
    }

    /**
     * ≤6.7 timer hook: {@code mce_intel_cmci_poll()} then {@code cmci_intel_adjust_timer()};
     * returns -1 when the CPU is not in a storm (normal halving/doubling applies).
     */
    private long oldTimerAdjust(int cpu, long iv) {
        if (ctx.kernel().perBankStorms() || oldState[cpu] == StormState.NONE) {
            return -1;
        }
        if (poller.poll(cpu, 0, owned[cpu])) {
            backoff[cpu] = MceConfig.INITIAL_CHECK_INTERVAL_SEC;
        } else {
            backoff[cpu]--;
        }
        if (backoff[cpu] > 0 && oldState[cpu] == StormState.ACTIVE) {
            logger.notifyIrq();
            return Jiffies.HZ;
        }
        if (oldState[cpu] == StormState.ACTIVE) {
            oldState[cpu] = StormState.SUBSIDED;
            int left;
            synchronized (this) {
                left = --stormOnCpus;
            }
            if (left == 0) {
                ctx.log().print(KernelLog.Level.NOTICE, "mce: CMCI storm subsided: switching to interrupt mode");
            }
        }
        synchronized (this) {
            if (stormOnCpus == 0) {
                oldState[cpu] = StormState.NONE;
                toggleInterruptMode(cpu, true);
                recheck(cpu);
            }
        }
        return OLD_POLL_INTERVAL;
    }

    /** {@code cmci_toggle_interrupt_mode(on)}: CTL2.EN on or off for the owned banks. */
    private synchronized void toggleInterruptMode(int cpu, boolean on) {
        for (int i = owned[cpu].nextSetBit(0); i >= 0; i = owned[cpu].nextSetBit(i + 1)) {
            McaBank b = ctx.machine().cpu(cpu).bank(i);
            long v = b.ctl2();
            b.writeCtl2(on ? v | McaBank.CTL2_CMCI_EN : v & ~McaBank.CTL2_CMCI_EN);
        }
    }
}
