package org.mcelogjava.kernelsim.inject;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.mcelogjava.kernelsim.mca.CpuInterleaver;
import org.mcelogjava.kernelsim.mca.KernelPanic;
import org.mcelogjava.kernelsim.mca.MachineCheckHandler;
import org.mcelogjava.kernelsim.mca.MachineCheckPanic;
import org.mcelogjava.kernelsim.mca.MachineCheckPoller;
import org.mcelogjava.kernelsim.mca.McaContext;
import org.mcelogjava.kernelsim.mca.PerCpuMce;
import org.mcelogjava.kernelsim.mca.Regs;
import org.mcelogjava.kernelsim.mm.Errno;
import org.mcelogjava.kernelsim.mm.Task;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The kernel's mce-inject module (arch/x86/kernel/cpu/mce/inject.c) behind the legacy
 * {@code /dev/mcelog} write path: {@code mce_inject_raise()} → {@code raise_mce()}.
 * {@code inject_mce()} arms the target CPU's software-faked registers; a RANDOM-context record
 * stops there. Otherwise broadcast flags kick every other CPU whose {@code injectm} is armed with
 * RANDOM context (NMI: exception with the interrupted registers, or a poll; IRQ: exception only,
 * with the record's ip/cs), waiting up to 2 s for them, then {@code raise_local()} raises on the
 * writer's CPU. All CPUs that take the #MC in one raise run together in the
 * {@link CpuInterleaver}, so they meet in the Monarch rendezvous.
 *
 * <p>Writes released together ({@link #writeTogether}: mce-inject's per-CPU threads after its
 * spin barrier) raise concurrently by default: every writer's #MC and every CPU its broadcast
 * kicks join one interleaver round (mce-inject.md §1.6 point 6). With
 * {@link org.mcelogjava.kernelsim.mca.MceConfig#injectMutex()} they are serialised as 6.12's
 * {@code mce_inject_mutex} serialises them: one write's {@code raise_mce()} runs to its end
 * before the next starts, in CPU order.
 */
public final class KernelInjector {

    /** How long raise_mce waits for the kicked CPUs (2 × HZ). */
    static final long BROADCAST_WAIT_NANOS = 2_000_000_000L;

    private final McaContext ctx;
    private final MachineCheckPoller poller;
    private final MachineCheckHandler handler;
    private final CpuInterleaver interleaver;
    private final MachineCheckPanic panic;

    public KernelInjector(McaContext ctx, MachineCheckPoller poller, MachineCheckHandler handler,
                          CpuInterleaver interleaver, MachineCheckPanic panic) {
        this.ctx = ctx;
        this.poller = poller;
        this.handler = handler;
        this.interleaver = interleaver;
        this.panic = panic;
    }

    /**
     * The injector-chain entry for a {@code /dev/mcelog} write made by whatever task is running on
     * the record's CPU ({@code mce_inject_raise}); see {@link #write(Mce, Task)}.
     */
    public int raise(Mce m) {
        if (m.extcpu() >= ctx.machine().cpuCount()) {
            return -Errno.EINVAL;
        }
        return write(m, ctx.cpu((int) m.extcpu()).current());
    }

    /**
     * {@code mce_chrdev_write()} followed by the injector chain, run by {@code writer} pinned to
     * the record's extcpu.
     *
     * @return 0, or -EINVAL when extcpu is not an online CPU
     */
    public int write(Mce m, Task writer) {
        if (m.extcpu() >= ctx.machine().cpuCount()) {
            return -Errno.EINVAL;
        }
        raiseTogether(List.of(m), cpu -> writer);
        return 0;
    }

    /**
     * The writes of mce-inject's per-CPU threads, released together by its spin barrier: each
     * record by {@code writers.apply(extcpu)} on its own CPU. Concurrent by default (one
     * rendezvous for every #MC they raise); one after another in list order with
     * {@code injectMutex}. A CPU runs one writer at a time, so a second record for a CPU raises
     * after the group its first one raised in. Records naming an offline CPU are refused (-EINVAL)
     * and raise nothing.
     */
    public void writeTogether(List<Mce> records, IntFunction<Task> writers) {
        List<Mce> rest = records.stream().filter(m -> m.extcpu() < ctx.machine().cpuCount()).toList();
        if (ctx.config().injectMutex()) {
            for (Mce m : rest) {
                raiseTogether(List.of(m), writers); // mce_inject_mutex: one raise_mce() at a time
            }
            return;
        }
        while (!rest.isEmpty()) {
            Map<Long, Mce> group = new LinkedHashMap<>();
            List<Mce> later = new ArrayList<>();
            for (Mce m : rest) {
                if (group.putIfAbsent(m.extcpu(), m) != null) {
                    later.add(m);
                }
            }
            raiseTogether(List.copyOf(group.values()), writers);
            rest = later;
        }
    }

    /**
     * {@code mce_inject_raise()} → {@code raise_mce()} for records on distinct CPUs at the same
     * moment, each written by {@code writers.apply(extcpu)}: {@code inject_mce()} arms every CPU,
     * then every writer's broadcast and #MC join one interleaver round.
     */
    private void raiseTogether(List<Mce> records, IntFunction<Task> writers) {
        if (panic.halted()) {
            return;
        }
        Map<Integer, Task> previous = new LinkedHashMap<>();
        List<Task> writing = new ArrayList<>();
        for (Mce m : records) {
            PerCpuMce pcpu = ctx.cpu((int) m.extcpu());
            previous.put((int) m.extcpu(), pcpu.current());
            Task writer = writers.apply((int) m.extcpu());
            writing.add(writer);
            pcpu.current(writer);
        }
        try {
            for (Mce m : records) {
                ctx.cpu((int) m.extcpu()).injectm(m.toBuilder().finished(1).build()); // inject_mce()
            }
            List<CpuInterleaver.Arrival> round = new ArrayList<>();
            for (Mce m : records) {
                round.addAll(raiseArmed((int) m.extcpu()));
            }
            if (!round.isEmpty()) {
                interleaver.run(round);
            }
            writing.forEach(Task::returnToUser);
        } catch (KernelPanic p) {
            // the machine halted in the handler
        } finally {
            previous.forEach((cpu, task) -> ctx.cpu(cpu).current(task));
        }
    }

    /**
     * {@code raise_mce()} after {@code inject_mce()} armed {@code cpu}: the broadcast, then
     * {@code raise_local()}. Polls run at once; the #MCs are returned as the round's arrivals.
     */
    private List<CpuInterleaver.Arrival> raiseArmed(int cpu) {
        int flags = ctx.cpu(cpu).injectm().injectFlags();
        List<CpuInterleaver.Arrival> round = new ArrayList<>();
        if (InjectFlags.context(flags) == InjectFlags.CTX_RANDOM) {
            return round;
        }
        long localDelay = 0;
        if ((flags & (InjectFlags.IRQ_BROADCAST | InjectFlags.NMI_BROADCAST)) != 0) {
            BitSet mask = new BitSet();
            for (int c = 0; c < ctx.machine().cpuCount(); c++) {
                Mce inj = ctx.cpu(c).injectm();
                if (c != cpu && ctx.machine().isOnline(c) && inj.finished() != 0
                        && InjectFlags.context(inj.injectFlags()) == InjectFlags.CTX_RANDOM) {
                    mask.set(c);
                }
            }
            boolean irq = (flags & InjectFlags.IRQ_BROADCAST) != 0;
            for (int c = mask.nextSetBit(0); c >= 0; c = mask.nextSetBit(c + 1)) {
                Mce inj = ctx.cpu(c).injectm();
                boolean exception = (inj.injectFlags() & InjectFlags.EXCEPTION) != 0;
                int target = c;
                if (irq) {
                    if (exception) {
                        mask.clear(c); // mce_irq_ipi
                        round.add(new CpuInterleaver.Arrival(c, 0,
                                () -> raiseException(target, Regs.fake(inj.ip(), inj.cs()))));
                    }
                } else {
                    mask.clear(c); // mce_raise_notify
                    if (exception) {
                        round.add(new CpuInterleaver.Arrival(c, 0,
                                () -> raiseException(target, Regs.interruptedKernel())));
                    } else if (inj.status() != 0) {
                        raisePoll(c);
                    }
                }
            }
            if (!mask.isEmpty()) {
                localDelay = BROADCAST_WAIT_NANOS;
                long bits = mask.toLongArray().length == 0 ? 0 : mask.toLongArray()[0];
                ctx.log().err(String.format("mce-inject: Timeout waiting for mce inject %x", bits));
            }
        }
        raiseLocal(cpu, round, localDelay);
        return round;
    }

    /** {@code raise_local()} on the writer's CPU; an exception joins the round of kicked CPUs. */
    private void raiseLocal(int cpu, List<CpuInterleaver.Arrival> round, long delay) {
        PerCpuMce pcpu = ctx.cpu(cpu);
        Mce m = pcpu.injectm();
        int context = InjectFlags.context(m.injectFlags());
        if ((m.injectFlags() & InjectFlags.EXCEPTION) != 0) {
            if (context == InjectFlags.CTX_PROCESS || context == InjectFlags.CTX_IRQ) {
                round.add(new CpuInterleaver.Arrival(cpu, delay, () -> {
                    ctx.log().info("mce-inject: Triggering MCE exception on CPU " + cpu);
                    raiseException(cpu, Regs.fake(m.ip(), m.cs()));
                    ctx.log().info("mce-inject: MCE exception done on CPU " + cpu);
                }));
            } else {
                ctx.log().info("mce-inject: Triggering MCE exception on CPU " + cpu);
                ctx.log().info("mce-inject: Invalid MCE context");
                ctx.log().info("mce-inject: MCE exception done on CPU " + cpu);
            }
        } else if (m.status() != 0) {
            ctx.log().info("mce-inject: Starting machine check poll CPU " + cpu);
            raisePoll(cpu);
            ctx.log().info("mce-inject: Machine check poll done on CPU " + cpu);
        } else {
            disarm(cpu);
        }
    }

    /** {@code raise_exception(m, regs)}: do_machine_check, then disarm. */
    private void raiseException(int cpu, Regs regs) {
        handler.doMachineCheck(cpu, regs);
        disarm(cpu);
    }

    /** {@code raise_poll(m)}: machine_check_poll(0, all banks), then disarm. */
    private void raisePoll(int cpu) {
        poller.poll(cpu, 0, MachineCheckPoller.allBanks(ctx.cpu(cpu).cpu().bankCount()));
        disarm(cpu);
    }

    private void disarm(int cpu) {
        PerCpuMce pcpu = ctx.cpu(cpu);
        pcpu.injectm(pcpu.injectm().toBuilder().finished(0).build());
    }
}
