package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.kernelsim.clock.Jiffies;
import org.mcelogjava.kernelsim.clock.TimerQueue;

/**
 * The per-CPU polling timer of core.c: {@code mce_start_timer()}, {@code __start_timer()},
 * {@code mce_timer_fn()} and {@code mce_timer_kick()}. It starts at check_interval (300 s), halves
 * (floor HZ/100 = 10 ms) when the poll logged something and doubles (ceiling check_interval)
 * otherwise; while the CPU is in CMCI-storm poll mode it polls every second.
 *
 * <p>"Logged something" is generation specific ({@link KernelProfile#pollSignal()}): in 4.0 the
 * timer's {@code mce_notify_irq()} sees the bit {@code mce_log()} set; in 4.12–6.17 the early
 * notifier, running later from the workqueue, sets and consumes that bit itself, so the timer
 * asking right after its poll almost never sees it and the interval keeps doubling; after
 * ea324444 the timer asks whether the gen pool is non-empty.
 */
public final class PollTimers {

    /** Hook for the ≤6.7 Intel storm code ({@code mce_intel_cmci_poll} + {@code cmci_intel_adjust_timer}). */
    public interface TimerAdjust {
        TimerAdjust NONE = (cpu, iv) -> -1;

        /** Returns the replacement interval in jiffies, or -1 to keep the normal halving/doubling. */
        long adjust(int cpu, long iv);
    }

    private final McaContext ctx;
    private final TimerQueue timers;
    private final MachineCheckPoller poller;
    private final MceLogger logger;
    private final DeferredWork deferred;
    private final long[] nextInterval;
    private final TimerQueue.Timer[] timer;
    private final boolean[] pollMode;
    private TimerAdjust adjust = TimerAdjust.NONE;

    public PollTimers(McaContext ctx, TimerQueue timers, MachineCheckPoller poller, MceLogger logger,
                      DeferredWork deferred) {
        this.ctx = ctx;
        this.timers = timers;
        this.poller = poller;
        this.logger = logger;
        this.deferred = deferred;
        int n = ctx.machine().cpuCount();
        this.nextInterval = new long[n];
        this.timer = new TimerQueue.Timer[n];
        this.pollMode = new boolean[n];
    }

    public void timerAdjust(TimerAdjust a) {
        adjust = a;
    }

    /** {@code mce_start_timer()} on every online CPU. */
    public void startAll() {
        for (int cpu = 0; cpu < nextInterval.length; cpu++) {
            if (ctx.machine().isOnline(cpu)) {
                start(cpu);
            }
        }
    }

    /** {@code timer_delete_sync()} of a CPU's poll timer, as {@code mce_cpu_pre_down()} does. */
    public void stop(int cpu) {
        if (timer[cpu] != null) {
            timer[cpu].cancel();
            timer[cpu] = null;
        }
    }

    /** {@code mce_start_timer()}: not started with ignore_ce or check_interval 0. */
    public void start(int cpu) {
        long iv = ctx.config().checkIntervalSec() * Jiffies.HZ;
        if (ctx.config().ignoreCe() || iv == 0) {
            return;
        }
        nextInterval[cpu] = iv;
        startTimer(cpu, iv);
    }

    /** {@code mce_restart()} after a check_interval change: delete and restart every timer. */
    public void restartAll() {
        for (int cpu = 0; cpu < timer.length; cpu++) {
            if (timer[cpu] != null) {
                timer[cpu].cancel();
                timer[cpu] = null;
            }
        }
        startAll();
    }

    /** The current {@code mce_next_interval} of a CPU, in jiffies. */
    public long nextInterval(int cpu) {
        return nextInterval[cpu];
    }

    /** The pending timer's expiry in jiffies, or -1. */
    public long expires(int cpu) {
        TimerQueue.Timer t = timer[cpu];
        return t != null && t.pending() ? t.deadline() / Jiffies.NANOS_PER_JIFFY : -1;
    }

    public boolean inPollMode(int cpu) {
        return pollMode[cpu];
    }

    /** ≥6.8 {@code mce_timer_kick(storm)}. */
    public void kick(int cpu, boolean storm) {
        pollMode[cpu] = storm;
        if (storm) {
            startTimer(cpu, Jiffies.HZ);
        } else {
            nextInterval[cpu] = ctx.config().checkIntervalSec() * Jiffies.HZ;
        }
    }

    /** ≤6.7 {@code mce_timer_kick(interval)}: arm at interval, lowering next_interval to it. */
    public void kickInterval(int cpu, long interval) {
        startTimer(cpu, interval);
        if (interval < nextInterval[cpu]) {
            nextInterval[cpu] = interval;
        }
    }

    /** {@code __start_timer(t, interval)}: re-arm only if idle or the new expiry is earlier. */
    private void startTimer(int cpu, long interval) {
        long now = ctx.clock().jiffies();
        long when = Jiffies.roundJiffies(now + interval, now);
        TimerQueue.Timer t = timer[cpu];
        if (t == null || !t.pending() || when < t.deadline() / Jiffies.NANOS_PER_JIFFY) {
            if (t != null) {
                t.cancel();
            }
            timer[cpu] = timers.schedule(Jiffies.toNanos(when), () -> timerFn(cpu));
        }
    }

    /** {@code mce_timer_fn()}. */
    private void timerFn(int cpu) {
        long iv = nextInterval[cpu];
        poller.poll(cpu, 0, ctx.cpu(cpu).pollBanks);
        long adjusted = adjust.adjust(cpu, iv);
        if (adjusted >= 0) {
            iv = adjusted;
        } else if (somethingLogged()) {
            iv = Math.max(iv / 2, Jiffies.HZ / 100);
        } else {
            long now = ctx.clock().jiffies();
            iv = Math.min(iv * 2, Jiffies.roundJiffiesRelative(ctx.config().checkIntervalSec() * Jiffies.HZ, now));
        }
        if (pollMode[cpu]) {
            startTimer(cpu, Jiffies.HZ);
        } else {
            nextInterval[cpu] = iv;
            startTimer(cpu, iv);
        }
        deferred.drain();
    }

    private boolean somethingLogged() {
        return switch (ctx.kernel().pollSignal()) {
            case NOTIFY_IRQ, NOTIFY_IRQ_CONSUMED_BY_NOTIFIER -> logger.notifyIrq();
            case GEN_POOL_NOT_EMPTY -> !logger.pool().isEmpty();
        };
    }
}
