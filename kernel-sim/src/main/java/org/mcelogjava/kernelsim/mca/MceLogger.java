package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.protocol.mce.Mce;

/**
 * {@code mce_log()} and what follows it: the record goes into the gen pool (safe from #MC
 * context), an irq_work ({@code mce_irq_work_cb}) schedules the work item ({@code mce_work}),
 * which runs {@code mce_gen_pool_process()}: every pending record, oldest first, through the
 * decoder chain. Also keeps {@code mce_need_notify} and the "Machine check events logged" printk,
 * whose placement differs between kernel generations (spec §2.3).
 */
public final class MceLogger {

    private final McaContext ctx;
    private final MceGenPool pool;
    private final DecoderChain chain;
    private final DeferredWork deferred;
    private final DeferredWork.Item work;
    private final DeferredWork.Item irqWork;
    private final RateLimit poolFull;
    private final RateLimit eventsLogged;
    private boolean needNotify;
    private Runnable trigger = () -> { };

    public MceLogger(McaContext ctx, MceGenPool pool, DecoderChain chain, DeferredWork deferred) {
        this.ctx = ctx;
        this.pool = pool;
        this.chain = chain;
        this.deferred = deferred;
        this.work = new DeferredWork.Item("mce_work", this::processPool);
        this.irqWork = new DeferredWork.Item("mce_irq_work", this::irqWorkCallback);
        this.poolFull = new RateLimit(ctx.clock(), 5_000_000_000L, 10);
        this.eventsLogged = new RateLimit(ctx.clock(), 60_000_000_000L, 2);
    }

    public MceGenPool pool() {
        return pool;
    }

    /** The trigger helper kick ({@code mce_work_trigger}); the device installs it. */
    public void trigger(Runnable t) {
        trigger = t;
    }

    /** {@code mce_log(err)}. Returns false when the record was filtered or the pool was full. */
    public boolean log(Mce m) {
        if (filtered(m)) {
            return false;
        }
        if (!pool.add(m)) {
            if (poolFull.allow()) {
                ctx.log().emerg("mce: MCE records pool full!");
            }
            return false;
        }
        ctx.observer().logged(m);
        switch (ctx.kernel().pollSignal()) {
            case NOTIFY_IRQ -> setNeedNotify();
            case GEN_POOL_NOT_EMPTY -> ctx.log().info("mce: Machine check events logged");
            case NOTIFY_IRQ_CONSUMED_BY_NOTIFIER -> { }
        }
        deferred.irqWorkQueue(irqWork);
        return true;
    }

    /** {@code mcheck_late_init()}: records queued at boot (MCP_QUEUE_LOG) start flowing to the decoder chain. */
    public void lateInit() {
        deferred.irqWorkQueue(irqWork);
    }

    /** {@code mce_irq_work_cb} → {@code mce_schedule_work()}. */
    private void irqWorkCallback() {
        if (!pool.isEmpty()) {
            deferred.scheduleWork(work);
        }
    }

    /** {@code mce_gen_pool_process}: runs in process context. */
    private void processPool() {
        for (Mce m : pool.takeAll()) {
            chain.call(m);
        }
    }

    /**
     * Intel {@code filter_mce()}: errata SKX37/HSD131 spurious corrected errors in bank 0
     * are dropped before logging.
     */
    private boolean filtered(Mce m) {
        var p = ctx.machine().profile();
        return p.vendor().intelLike() && p.family() == 6 && m.bank() == 0
                && (m.status() & 0xa0000000ffffffffL) == 0x80000000000f0005L;
    }

    synchronized void setNeedNotify() {
        needNotify = true;
    }

    /**
     * {@code mce_notify_irq()}: if records were logged since the last call, run the trigger and
     * print "Machine check events logged" (ratelimited 2 per minute); returns whether it did.
     */
    public boolean notifyIrq() {
        synchronized (this) {
            if (!needNotify) {
                return false;
            }
            needNotify = false;
        }
        trigger.run();
        if (eventsLogged.allow()) {
            ctx.log().info("mce: Machine check events logged");
        }
        return true;
    }

    /** The early notifier's work for one record, per generation (spec §2.3). */
    void earlyNotify() {
        switch (ctx.kernel().pollSignal()) {
            case NOTIFY_IRQ_CONSUMED_BY_NOTIFIER -> {
                setNeedNotify();
                notifyIrq();
            }
            case GEN_POOL_NOT_EMPTY -> trigger.run();
            case NOTIFY_IRQ -> { }
        }
    }
}
