package org.mcelogjava.kernelsim.mca;

import java.util.BitSet;
import org.mcelogjava.kernelsim.mm.Page;
import org.mcelogjava.kernelsim.mm.PhysicalMemory;
import org.mcelogjava.protocol.mce.Mce;

/**
 * core.c's {@code do_machine_check(regs)}, the #MC exception handler (vector 18), with
 * {@code mce_no_way_out()} and {@code __mc_scan_banks()}. Broadcast machine checks synchronise
 * through the {@link Monarch}; local ones (LMCE, and every AMD #MC) do not. What is left for user
 * space goes through {@link TaskWork}.
 *
 * <p>The 4.0 profile follows the handler of that era: {@code mce_no_way_out} grades every bank,
 * there is no LMCE, AO errors with a usable address go on the per-CPU {@link MceRing}, an AR error
 * in user mode runs memory_failure from the handler's tail, and {@code mce_report_event()} ends it.
 */
public final class MachineCheckHandler {

    private static final long VAL = 1L << 63;
    private static final long UC = 1L << 61;
    private static final long S = 1L << 56;
    private static final long RIPV = 1;
    private static final long LMCES = 1L << 3;
    private static final long SEAM_NR = 1L << 12;

    private final McaContext ctx;
    private final MceRecords records;
    private final MceLogger logger;
    private final Monarch monarch;
    private final MachineCheckPanic panic;
    private final TaskWork taskWork;
    private final LegacyRecovery legacy;
    private final PhysicalMemory memory;
    private volatile boolean tainted;

    public MachineCheckHandler(McaContext ctx, MceRecords records, MceLogger logger, Monarch monarch,
                               MachineCheckPanic panic, TaskWork taskWork, LegacyRecovery legacy,
                               PhysicalMemory memory) {
        this.ctx = ctx;
        this.records = records;
        this.logger = logger;
        this.monarch = monarch;
        this.panic = panic;
        this.taskWork = taskWork;
        this.legacy = legacy;
        this.memory = memory;
    }

    /** TAINT_MACHINE_CHECK ('M' in /proc/sys/kernel/tainted): a #MC scanned a signalled bank. */
    public boolean tainted() {
        return tainted;
    }

    /** A bank-scan's findings: the worst severity and the record that had it. */
    private record Scan(int worst, Mce fin, int taint) {
    }

    /**
     * {@code mce_check_crashing_cpu()}: a broadcast #MC also reaches offline CPUs; one whose
     * interrupted context can restart (RIPV) clears MCG_STATUS and ignores it, and so stays out of
     * the rendezvous, which waits for the online CPUs only.
     */
    private boolean checkCrashingCpu(int cpu) {
        if (ctx.machine().isOnline(cpu)) {
            return false;
        }
        if ((ctx.machine().cpu(cpu).mcgStatus() & RIPV) != 0) {
            ctx.machine().cpu(cpu).writeMcgStatus(0);
            return true;
        }
        return false;
    }

    /** {@code do_machine_check(regs)} on CPU {@code cpu}. */
    public void doMachineCheck(int cpu, Regs regs) {
        if (checkCrashingCpu(cpu)) {
            return;
        }
        PerCpuMce pcpu = ctx.cpu(cpu);
        McaMsrs msrs = new McaMsrs(pcpu);
        boolean v40 = ctx.kernel() == KernelProfile.V4_0;
        pcpu.exceptionCount++;
        Mce err = records.gatherInfo(cpu, regs).tsc(ctx.rdtsc()).build();
        pcpu.hwErrsSeen = err;
        BitSet valid = new BitSet();
        String[] msg = new String[1];
        Mce[] fatal = {err};
        boolean noWayOut = noWayOut(cpu, err, msg, fatal, valid, msrs);
        boolean killCurrentTask = (err.mcgstatus() & RIPV) == 0;
        boolean lmce = true;
        if (ctx.intelLike()) {
            lmce = ctx.kernel().supportsLmce() && (err.mcgstatus() & LMCES) != 0;
        }
        int order = -1;
        if (lmce) {
            if (noWayOut) {
                panic.mcePanic("Fatal local machine check", fatal[0], msg[0]);
            }
        } else {
            Monarch.Start start = monarch.start(cpu, noWayOut);
            order = start.order();
            noWayOut = start.noWayOut();
        }
        BitSet toClear = new BitSet();
        Scan scan = scanBanks(cpu, err, valid, toClear, noWayOut, msrs);
        Mce fin = scan.fin();
        int worst = scan.worst();
        if (scan.taint() > 0) {
            tainted = true; // add_taint(TAINT_MACHINE_CHECK)
        }
        if (!noWayOut) {
            for (int i = toClear.nextSetBit(0); i >= 0; i = toClear.nextSetBit(i + 1)) {
                msrs.write(i, McaMsrs.Reg.STATUS, 0);
            }
        }
        if (!lmce) {
            if (monarch.end(order) < 0) {
                if (!noWayOut) {
                    noWayOut = worst >= Severity.PANIC.value();
                }
                if (noWayOut && (!v40 || ctx.config().tolerant() < 3)) {
                    panic.mcePanic("Fatal machine check on current CPU", fin, msg[0]);
                }
            }
        } else if (worst >= Severity.PANIC.value()) {
            String m2 = ctx.grader().grade(fin, true).message();
            panic.mcePanic("Local fatal machine check!", fin, m2);
        }
        if (v40) {
            legacy.afterScan(cpu, fin, worst, killCurrentTask, regs);
            msrs.writeMcgStatus(0);
            return;
        }
        if (worst != Severity.AR.value() && !killCurrentTask) {
            msrs.writeMcgStatus(0);
            return;
        }
        if ((fin.cs() & 3) == 3) {
            TaskWork.Callback cb = records.usableAddress(fin) ? TaskWork.Callback.KILL_ME_MAYBE
                    : TaskWork.Callback.KILL_ME_NOW;
            taskWork.queue(cpu, fin, msg[0], cb);
        } else if ((fin.mcgstatus() & SEAM_NR) != 0) {
            // The guest is already dead; poison the page so it is not reused (SetPageHWPoison).
            Page p = records.usableAddress(fin) ? memory.page(fin.addr() >>> 12) : null;
            if (p != null) {
                p.setHwPoison();
            }
        } else {
            if ((fin.kflags() & KFlags.IN_KERNEL_RECOV) != 0) {
                // The fixup exists (error_context found it), so fixup_exception() succeeds.
                ctx.log().err("mce: kernel recovery fixup taken at " + Long.toHexString(fin.ip()));
            }
            if ((fin.kflags() & KFlags.IN_KERNEL_COPYIN) != 0) {
                taskWork.queue(cpu, fin, msg[0], TaskWork.Callback.KILL_ME_NEVER);
            }
        }
        msrs.writeMcgStatus(0);
    }

    /**
     * {@code mce_no_way_out()}: is any valid bank fatal? Marks the valid banks; the fatal bank's
     * record (with its aux registers) and message come back through {@code fatal} and {@code msg}.
     */
    private boolean noWayOut(int cpu, Mce err, String[] msg, Mce[] fatal, BitSet valid, McaMsrs msrs) {
        boolean stopAtFirst = ctx.kernel().noWayOutStopsAtFirstFatal();
        boolean ret = false;
        int n = ctx.cpu(cpu).cpu().bankCount();
        for (int i = 0; i < n; i++) {
            long status = msrs.read(i, McaMsrs.Reg.STATUS);
            if ((status & VAL) == 0) {
                continue;
            }
            valid.set(i);
            Mce m = err.toBuilder().status(status).bank(i).build();
            Grade g = ctx.grader().grade(m, true);
            ctx.observer().graded(cpu, m, g, Path.EXCEPTION);
            if (g.severity().atLeast(Severity.PANIC)) {
                msg[0] = g.message();
                fatal[0] = records.readAux(m, msrs);
                ret = true;
                if (stopAtFirst) {
                    return true;
                }
            }
        }
        return ret;
    }

    /** {@code __mc_scan_banks()}. */
    private Scan scanBanks(int cpu, Mce err, BitSet valid, BitSet toClear, boolean noWayOut, McaMsrs msrs) {
        PerCpuMce pcpu = ctx.cpu(cpu);
        Mce fin = pcpu.hwErrsSeen;
        int worst = 0;
        int taint = 0;
        long signalled = ctx.ser() ? S : UC;
        for (int i = valid.nextSetBit(0); i >= 0; i = valid.nextSetBit(i + 1)) {
            if (pcpu.bankCtl(i) == 0) {
                continue;
            }
            long status = msrs.read(i, McaMsrs.Reg.STATUS);
            if ((status & VAL) == 0) {
                continue;
            }
            if ((status & signalled) == 0 && !noWayOut) {
                continue;
            }
            taint++;
            Mce m = err.toBuilder().status(status).bank(i).misc(0).addr(0).build();
            Grade g = ctx.grader().grade(m, true);
            Severity sev = g.severity();
            if ((sev == Severity.KEEP || sev == Severity.UCNA) && !noWayOut) {
                continue;
            }
            toClear.set(i);
            if (sev == Severity.NO) {
                continue;
            }
            m = records.readAux(m, msrs).toBuilder().severity(sev.value()).kflags(m.kflags() | g.kflags()).build();
            ctx.observer().graded(cpu, m, g, Path.EXCEPTION);
            if (ctx.kernel() == KernelProfile.V4_0) {
                legacy.queueActionOptional(cpu, m, sev);
            }
            logger.log(m);
            if (sev.value() > worst) {
                fin = m;
                worst = sev.value();
                pcpu.hwErrsSeen = m;
            }
        }
        return new Scan(worst, fin, taint);
    }
}
