package org.mcelogjava.kernelsim.mca;

import java.util.BitSet;
import org.mcelogjava.protocol.mce.Mce;

/**
 * core.c's {@code machine_check_poll(flags, banks)}: scan the given banks of the calling CPU,
 * log what the poller is responsible for (corrected errors; on SER CPUs also UCNA and errors with
 * EN=0), leave signalled uncorrected errors for the #MC handler, and clear what it logged.
 * Per-bank storm tracking ({@code mce_track_storm}, ≥6.8) sees every scanned bank, valid or not.
 */
public final class MachineCheckPoller {

    /** MCP_TIMESTAMP: fill in the TSC (the CMCI path). */
    public static final int MCP_TIMESTAMP = 1;
    /** MCP_UC: log uncorrected errors too (leftovers found at boot). */
    public static final int MCP_UC = 1 << 1;
    /** MCP_DONTLOG (≤2025): clear without logging. */
    public static final int MCP_DONTLOG = 1 << 2;
    /** MCP_QUEUE_LOG: only queue in the gen pool, do not kick processing. */
    public static final int MCP_QUEUE_LOG = 1 << 3;

    private static final long VAL = 1L << 63;
    private static final long UC = 1L << 61;
    private static final long EN = 1L << 60;
    private static final long PCC = 1L << 57;
    private static final long S = 1L << 56;

    /** Hook for {@code mce_track_storm()}. */
    public interface StormTracker {
        StormTracker NONE = (cpu, bank, status) -> { };

        void track(int cpu, int bank, long status);
    }

    private final McaContext ctx;
    private final MceRecords records;
    private final MceLogger logger;
    private final LegacyRecovery legacy;
    private StormTracker storms = StormTracker.NONE;

    public MachineCheckPoller(McaContext ctx, MceRecords records, MceLogger logger, LegacyRecovery legacy) {
        this.ctx = ctx;
        this.records = records;
        this.logger = logger;
        this.legacy = legacy;
    }

    public void stormTracker(StormTracker t) {
        storms = t;
    }

    /**
     * Polls {@code banks} on {@code cpu}.
     *
     * @return {@code error_seen}: whether any bank met the logging criteria
     */
    public boolean poll(int cpu, int flags, BitSet banks) {
        PerCpuMce pcpu = ctx.cpu(cpu);
        McaMsrs msrs = new McaMsrs(pcpu);
        pcpu.pollCount++;
        Mce template = null; // the gathered record is only built once a bank has something to log
        boolean errorSeen = false;
        int n = pcpu.cpu().bankCount();
        for (int i = 0; i < n; i++) {
            if (pcpu.bankCtl(i) == 0 || !banks.get(i)) {
                continue;
            }
            long status = msrs.read(i, McaMsrs.Reg.STATUS);
            if (!ctx.config().cmciDisabled() && ctx.kernel().perBankStorms()) {
                storms.track(cpu, i, status);
            }
            if ((status & VAL) == 0) {
                continue;
            }
            if ((flags & MCP_DONTLOG) == 0 && !shouldLog(flags, status)) {
                continue;
            }
            if ((flags & MCP_DONTLOG) == 0) {
                errorSeen = true;
                if (template == null) {
                    Mce.Builder base = records.gatherInfo(cpu, null);
                    if ((flags & MCP_TIMESTAMP) != 0) {
                        base.tsc(ctx.rdtsc());
                    }
                    template = base.build();
                }
                Mce m = records.readAux(template.toBuilder().status(status).bank(i).build(), msrs);
                Grade g = ctx.grader().grade(m, false);
                m = m.toBuilder().severity(g.severity().value()).build();
                ctx.observer().graded(cpu, m, g, Path.POLL);
                if (ctx.kernel() == KernelProfile.V4_0) {
                    legacy.queueUcna(cpu, m, g.severity());
                }
                boolean dropCe = ctx.config().dontLogCe()
                        && (ctx.kernel() == KernelProfile.V4_0 || !records.usableAddress(m));
                if (!dropCe) {
                    if ((flags & MCP_QUEUE_LOG) != 0) {
                        logger.pool().add(m);
                    } else {
                        logger.log(m);
                    }
                }
            }
            msrs.write(i, McaMsrs.Reg.STATUS, 0);
        }
        return errorSeen;
    }

    /**
     * {@code __mcheck_cpu_init_prepare_banks()}: errors left in the banks from before the (warm)
     * reset are queued with MCP_UC|MCP_QUEUE_LOG (unless bootlog is off, then just cleared), then
     * every bank's CTL is written and STATUS cleared. The queued records are delivered by
     * {@code mcheck_late_init()} once all consumers are registered ({@link MceLogger#lateInit}).
     */
    public void prepareBanks(int cpu, boolean bootlog) {
        PerCpuMce pcpu = ctx.cpu(cpu);
        int n = pcpu.cpu().bankCount();
        poll(cpu, bootlog ? MCP_UC | MCP_QUEUE_LOG : MCP_DONTLOG, allBanks(n));
        for (int i = 0; i < n; i++) {
            pcpu.cpu().bank(i).writeCtl(pcpu.bankCtl(i));
            pcpu.cpu().bank(i).writeStatus(0);
            // __mcheck_cpu_check_banks: a bank whose CTL reads back 0 is not implemented
            pcpu.bankInit(i, pcpu.cpu().bank(i).ctl() != 0);
        }
        pcpu.cpu().writeMcgStatus(0);
    }

    /** {@code should_log_poll_error()} (mainline) / the 4.x skip test. */
    private boolean shouldLog(int flags, long status) {
        if (ctx.kernel() == KernelProfile.V4_0) {
            return (flags & MCP_UC) != 0 || (status & (ctx.ser() ? S : UC)) == 0;
        }
        if ((flags & MCP_UC) != 0 || (status & UC) == 0) {
            return true;
        }
        if (ctx.ser()) {
            if ((status & EN) == 0) {
                return true;
            }
            return (status & PCC) == 0 && (status & S) == 0;
        }
        return false;
    }

    /** All banks of the CPU (what {@code raise_poll} passes). */
    public static BitSet allBanks(int count) {
        BitSet b = new BitSet();
        b.set(0, count);
        return b;
    }
}
