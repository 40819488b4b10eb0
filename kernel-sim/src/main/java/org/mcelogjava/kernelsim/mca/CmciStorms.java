package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.kernelsim.clock.Jiffies;
import org.mcelogjava.kernelsim.klog.KernelLog;

/**
 * threshold.c's per-bank storm tracking (≥ v6.8): {@code mce_track_storm()},
 * {@code cmci_storm_begin()}, {@code cmci_storm_end()}, {@code mce_inherit_storm()}. Each bank
 * keeps a 64-bit history of samples (one bit per second since the last look, or per poll while in
 * storm); 5 corrected errors in the history start a storm (the bank joins the CPU's poll set and
 * the CPU polls every second), 30 clean polls end it. The vendor hook (Intel: CMCI threshold
 * 32749 during the storm) lives in {@link Cmci}.
 */
public final class CmciStorms {

    /** NUM_HISTORY_BITS. */
    public static final int NUM_HISTORY_BITS = 64;
    /** STORM_BEGIN_THRESHOLD. */
    public static final int STORM_BEGIN_THRESHOLD = 5;
    /** STORM_END_POLL_THRESHOLD: bits 0..29 must be clear. */
    public static final int STORM_END_POLL_THRESHOLD = 29;

    private static final long VAL = 1L << 63;
    private static final long UC = 1L << 61;
    private static final long DEFERRED = 1L << 44;

    /** One bank's {@code struct storm_bank}. */
    private static final class StormBank {
        long history;
        long timestamp;
        boolean inStorm;
        boolean pollOnly;
    }

    /** The vendor's {@code mce_handle_storm(bank, on)}. */
    public interface StormHandler {
        void handle(int cpu, int bank, boolean on);
    }

    private final McaContext ctx;
    private final PollTimers timers;
    private final StormBank[][] banks;
    private final int[] stormyBankCount;
    private StormHandler handler = (cpu, bank, on) -> { };

    public CmciStorms(McaContext ctx, PollTimers timers) {
        this.ctx = ctx;
        this.timers = timers;
        int n = ctx.machine().cpuCount();
        this.banks = new StormBank[n][];
        this.stormyBankCount = new int[n];
        for (int c = 0; c < n; c++) {
            banks[c] = new StormBank[ctx.machine().cpu(c).bankCount()];
            for (int b = 0; b < banks[c].length; b++) {
                banks[c][b] = new StormBank();
            }
        }
    }

    public void handler(StormHandler h) {
        handler = h;
    }

    /** A bank whose CMCI enable did not stick is polled only and never tracked. */
    void pollOnly(int cpu, int bank, boolean v) {
        banks[cpu][bank].pollOnly = v;
    }

    public boolean inStorm(int cpu, int bank) {
        return banks[cpu][bank].inStorm;
    }

    public long history(int cpu, int bank) {
        return banks[cpu][bank].history;
    }

    /** {@code mce_track_storm()}: one sample of a scanned bank (valid or not). */
    public void track(int cpu, int bank, long status) {
        StormBank s = banks[cpu][bank];
        if (s.pollOnly) {
            return;
        }
        long now = ctx.clock().jiffies();
        long shift = 1;
        if (!s.inStorm) {
            shift = (now - s.timestamp + Jiffies.HZ) / Jiffies.HZ;
        }
        long history = shift < NUM_HISTORY_BITS ? s.history << shift : 0;
        s.timestamp = now;
        if ((status & VAL) != 0 && correctable(status)) {
            history |= 1;
        }
        s.history = history;
        if (s.inStorm) {
            if ((history & ((1L << (STORM_END_POLL_THRESHOLD + 1)) - 1)) != 0) {
                return;
            }
            ctx.log().print(KernelLog.Level.NOTICE,
                    "mce: CPU" + cpu + " BANK" + bank + " CMCI storm subsided");
            handler.handle(cpu, bank, false);
            end(cpu, bank);
        } else {
            if (Long.bitCount(history) < STORM_BEGIN_THRESHOLD) {
                return;
            }
            ctx.log().print(KernelLog.Level.NOTICE,
                    "mce: CPU" + cpu + " BANK" + bank + " CMCI storm detected");
            handler.handle(cpu, bank, true);
            begin(cpu, bank);
        }
    }

    /** {@code mce_is_correctable()}. */
    private boolean correctable(long status) {
        if (!ctx.intelLike() && (status & DEFERRED) != 0) {
            return false;
        }
        return (status & UC) == 0;
    }

    /** {@code mce_inherit_storm()}: a bank adopted in storm must see 30 clean polls before it ends. */
    void inherit(int cpu, int bank) {
        banks[cpu][bank].history = -1L;
        banks[cpu][bank].timestamp = ctx.clock().jiffies();
    }

    /** {@code cmci_storm_begin()}. */
    void begin(int cpu, int bank) {
        ctx.cpu(cpu).pollBanks.set(bank);
        banks[cpu][bank].inStorm = true;
        if (++stormyBankCount[cpu] == 1) {
            timers.kick(cpu, true);
        }
    }

    /** {@code cmci_storm_end()}. */
    void end(int cpu, int bank) {
        ctx.cpu(cpu).pollBanks.clear(bank);
        banks[cpu][bank].history = 0;
        banks[cpu][bank].inStorm = false;
        if (--stormyBankCount[cpu] == 0) {
            timers.kick(cpu, false);
        }
    }
}
