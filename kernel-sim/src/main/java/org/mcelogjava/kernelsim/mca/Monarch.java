package org.mcelogjava.kernelsim.mca;

import java.util.BitSet;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The broadcast #MC rendezvous of core.c: {@code mce_start()}, {@code mce_end()},
 * {@code mce_reign()} and {@code mce_timed_out()}, with the globals {@code mce_callin},
 * {@code mce_executing}, {@code global_nwo} and {@code mce_missing_cpus}.
 *
 * <p>Every CPU adds its no_way_out to global_nwo and takes an arrival number; all wait until
 * every online CPU has arrived; number 1 (the Monarch) scans its banks first and each Subject
 * waits for its turn, so a shared bank is seen and cleared by exactly one CPU. After scanning the
 * Monarch waits for all, runs {@code mce_reign()}, resets the globals and releases the Subjects.
 * Any wait that exceeds monarch_timeout takes the timeout path.
 */
public final class Monarch {

    private final McaContext ctx;
    private final CpuInterleaver interleaver;
    private final MachineCheckPanic panic;
    private int callin;
    private int executing;
    private int globalNwo;
    private final BitSet missing = new BitSet();

    public Monarch(McaContext ctx, CpuInterleaver interleaver, MachineCheckPanic panic) {
        this.ctx = ctx;
        this.interleaver = interleaver;
        this.panic = panic;
        missing.or(ctx.machine().onlineMask());
    }

    /** The outcome of {@code mce_start}: arrival order (or -1) and the no_way_out the CPU continues with. */
    public record Start(int order, boolean noWayOut) {
    }

    private int online() {
        return ctx.machine().onlineCount();
    }

    private CpuInterleaver.SpinBudget budget() {
        return new CpuInterleaver.SpinBudget(ctx.monarchTimeoutUs() * 1000);
    }

    /** {@code mce_start(&no_way_out)}. */
    public Start start(int cpu, boolean noWayOut) {
        if (ctx.monarchTimeoutUs() == 0) {
            return new Start(-1, noWayOut);
        }
        CpuInterleaver.SpinBudget t = budget();
        int order;
        synchronized (this) {
            globalNwo += noWayOut ? 1 : 0;
            order = ++callin;
            missing.clear(cpu);
        }
        if (!interleaver.spinUntil(() -> callinCount() == online(), t)) {
            if (timedOut("Timeout: Not all CPUs entered broadcast exception handler")) {
                synchronized (this) {
                    globalNwo = 0;
                }
                return new Start(-1, noWayOut);
            }
        }
        if (order == 1) {
            synchronized (this) {
                executing = 1;
            }
        } else {
            int myOrder = order;
            if (!interleaver.spinUntil(() -> executingCount() >= myOrder, t)) {
                if (timedOut("Timeout: Subject CPUs unable to finish machine check processing")) {
                    synchronized (this) {
                        globalNwo = 0;
                    }
                    return new Start(-1, noWayOut);
                }
            }
        }
        synchronized (this) {
            return new Start(order, globalNwo != 0);
        }
    }

    /** {@code mce_end(order)}: 0 on a completed rendezvous, -1 after a reset. */
    public int end(int order) {
        if (ctx.monarchTimeoutUs() == 0 || order < 0) {
            reset();
            return -1;
        }
        CpuInterleaver.SpinBudget t = budget();
        synchronized (this) {
            executing++;
        }
        if (order == 1) {
            if (!interleaver.spinUntil(() -> executingCount() > online(), t)) {
                if (timedOut("Timeout: Monarch CPU unable to finish machine check processing")) {
                    reset();
                    return -1;
                }
            }
            reign();
            reset();
            return 0;
        }
        if (!interleaver.spinUntil(() -> executingCount() == 0, t)) {
            if (timedOut("Timeout: Monarch CPU did not finish machine check processing")) {
                reset();
                return -1;
            }
        }
        return 0;
    }

    /**
     * {@code mce_reign()}: the worst record over every CPU's hw_errs_seen decides. PANIC → "Fatal
     * machine check"; nothing above KEEP → the unknown-source panic. Then the records are zeroed.
     */
    void reign() {
        Mce worst = null;
        int globalWorst = 0;
        for (PerCpuMce p : ctx.perCpu()) {
            Mce m = p.hwErrsSeen;
            if (m.severity() > globalWorst) {
                globalWorst = m.severity();
                worst = m;
            }
        }
        boolean tolerantAllows = !ctx.kernel().hasTolerant() || ctx.config().tolerant() < 3;
        if (worst != null && globalWorst >= Severity.PANIC.value() && tolerantAllows) {
            Grade g = ctx.grader().grade(worst, true);
            panic.mcePanic("Fatal machine check", worst, g.message());
        }
        if (globalWorst <= Severity.KEEP.value() && tolerantAllows) {
            panic.mcePanic(ctx.kernel().unknownSourceMessage(), null, null);
        }
        for (PerCpuMce p : ctx.perCpu()) {
            p.hwErrsSeen = Mce.EMPTY;
        }
    }

    /**
     * {@code mce_timed_out()} once the budget is gone: mainline prints the CPUs that never arrived
     * and panics; ≤5.17 panics only with tolerant ≤ 1 and otherwise records {@code cpu_missing}.
     * Returns true (the caller resets and goes on alone) when the panic was fake or suppressed.
     */
    private boolean timedOut(String msg) {
        if (ctx.kernel().hasTolerant()) {
            if (ctx.config().tolerant() <= 1) {
                panic.mcePanic(msg, null, null);
            }
            panic.cpuMissing();
            return true;
        }
        String list;
        synchronized (this) {
            list = bitmapList(missing);
        }
        if (!list.isEmpty()) {
            ctx.log().emerg("mce: CPUs not responding to MCE broadcast (may include false positives): " + list);
        }
        panic.mcePanic(msg, null, null);
        return true;
    }

    /** {@code mce_reset()}'s rendezvous part: no CPU called in or executing, every online CPU missing. */
    public synchronized void reset() {
        globalNwo = 0;
        callin = 0;
        missing.clear();
        missing.or(ctx.machine().onlineMask());
        executing = 0;
    }

    private synchronized int callinCount() {
        return callin;
    }

    private synchronized int executingCount() {
        return executing;
    }

    /** The kernel's {@code %*pbl} cpumask format: "1-3,5". */
    static String bitmapList(BitSet set) {
        StringBuilder sb = new StringBuilder();
        int i = set.nextSetBit(0);
        while (i >= 0) {
            int end = set.nextClearBit(i) - 1;
            sb.append(sb.length() == 0 ? "" : ",").append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            i = set.nextSetBit(end + 1);
        }
        return sb.toString();
    }
}
