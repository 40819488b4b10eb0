package org.mcelogjava.kernelsim.mca;

import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.kernelsim.mm.MemoryFailure;
import org.mcelogjava.kernelsim.mm.MfFlags;
import org.mcelogjava.kernelsim.mm.Signal;
import org.mcelogjava.kernelsim.mm.Task;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The 4.0-era recovery paths of the seed (core.c of 3.18–4.0): the per-CPU {@link MceRing} fed by
 * the #MC handler (AO with a usable address) and the poller (UCNA memory errors with ADDRV);
 * {@code mce_report_event()} choosing between a direct {@code mce_notify_irq()} +
 * {@code mce_schedule_work()} (interrupted context had IF or VM86) and the irq_work
 * {@code mce_irq_work_cb}; {@code mce_process_work()} draining the ring into
 * {@code memory_failure(pfn, MCE_VECTOR, 0)}; and the handler tail that recovers an AR error in
 * user mode inline.
 */
public final class LegacyRecovery {

    private final McaContext ctx;
    private final MemoryFailure mf;
    private final DeferredWork deferred;
    private final List<MceRing> rings = new ArrayList<>();
    private final List<DeferredWork.Item> works = new ArrayList<>();
    private final List<DeferredWork.Item> irqWorks = new ArrayList<>();
    private final MceRecords records;
    private final MceLogger logger;

    public LegacyRecovery(McaContext ctx, MceRecords records, MemoryFailure mf, DeferredWork deferred,
                          MceLogger logger) {
        this.ctx = ctx;
        this.logger = logger;
        this.records = records;
        this.mf = mf;
        this.deferred = deferred;
        for (int i = 0; i < ctx.machine().cpuCount(); i++) {
            int cpu = i;
            rings.add(new MceRing());
            works.add(new DeferredWork.Item("mce_work/" + cpu, () -> processWork(cpu)));
            irqWorks.add(new DeferredWork.Item("mce_irq_work/" + cpu, () -> irqWorkCallback(cpu)));
        }
    }

    public MceRing ring(int cpu) {
        return rings.get(cpu);
    }

    /** #MC scan: an AO error with a usable address is queued for later processing. */
    void queueActionOptional(int cpu, Mce m, Severity sev) {
        if (sev == Severity.AO && records.usableAddress(m)) {
            rings.get(cpu).add(m.addr() >>> 12);
        }
    }

    /** Poll path (since 3.18): a UCNA memory error with ADDRV is queued and work scheduled. */
    void queueUcna(int cpu, Mce m, Severity sev) {
        if (sev == Severity.UCNA && MceRecords.isMemoryError(m) && (m.status() & (1L << 58)) != 0) {
            rings.get(cpu).add(m.addr() >>> 12);
            scheduleWork(cpu);
        }
    }

    /** The handler's tail after the rendezvous (4.0). */
    void afterScan(int cpu, Mce fin, int worst, boolean killIt, Regs regs) {
        boolean act = ctx.config().tolerant() < 3;
        Task current = ctx.cpu(cpu).current();
        if (act && worst == Severity.AR.value() && (fin.cs() & 3) == 3) {
            int flags = (fin.mcgstatus() & 1) == 0 ? MfFlags.MUST_KILL : 0;
            long pfn = fin.addr() >>> 12;
            int ret = mf.memoryFailure(pfn, flags | MfFlags.ACTION_REQUIRED, current);
            ctx.observer().memoryFailure(cpu, pfn, flags | MfFlags.ACTION_REQUIRED, "do_machine_check", ret);
            if (ret < 0 || killIt) {
                ctx.log().err("mce: Memory error not recovered");
                current.deliver(new Signal(current.pid(), Signal.Code.SI_KERNEL, 0, 0));
                ctx.observer().killed(cpu, current.pid(), "force_sig(SIGBUS)");
            }
        } else if (act && killIt && worst > 0) {
            current.deliver(new Signal(current.pid(), Signal.Code.SI_KERNEL, 0, 0));
            ctx.observer().killed(cpu, current.pid(), "force_sig(SIGBUS)");
        }
        if (worst > 0) {
            reportEvent(cpu, regs);
        }
    }

    /** {@code mce_report_event(regs)}. */
    void reportEvent(int cpu, Regs regs) {
        if (regs != null && (regs.interruptsEnabled() || regs.vm86())) {
            logger.notifyIrq();
            scheduleWork(cpu);
            return;
        }
        deferred.irqWorkQueue(irqWorks.get(cpu));
    }

    private void irqWorkCallback(int cpu) {
        logger.notifyIrq();
        scheduleWork(cpu);
    }

    /** {@code mce_schedule_work()}. */
    private void scheduleWork(int cpu) {
        if (!rings.get(cpu).isEmpty()) {
            deferred.scheduleWork(works.get(cpu));
        }
    }

    /** {@code mce_process_work()}: process context, drains the ring. */
    private void processWork(int cpu) {
        long pfn;
        while ((pfn = rings.get(cpu).get()) >= 0) {
            int ret = mf.memoryFailure(pfn, 0, null);
            ctx.observer().memoryFailure(cpu, pfn, 0, "mce_process_work", ret);
        }
    }
}
