package org.mcelogjava.kernelsim.mca;

/**
 * The store side of {@code /sys/devices/system/machinecheck/machinecheckN/} (core.c
 * {@code set_ignore_ce}, {@code set_cmci_disabled}, {@code store_int_with_restart},
 * {@code set_bank}): the knobs whose change has to reach running timers and CMCI, not just
 * {@link MceConfig}. The file tree itself lives with the device.
 */
public final class MceSysfs {

    private final McaContext ctx;
    private final PollTimers timers;
    private final Cmci cmci;

    public MceSysfs(McaContext ctx, PollTimers timers, Cmci cmci) {
        this.ctx = ctx;
        this.timers = timers;
        this.cmci = cmci;
    }

    /** {@code check_interval} (seconds): restarts every timer; 0 disables polling. */
    public void checkInterval(int seconds) {
        ctx.config().checkIntervalSec(seconds);
        timers.restartAll();
    }

    /** {@code ignore_ce}: 1 stops the timers and CMCI (banks are left un-cleared); 0 brings both back. */
    public void ignoreCe(boolean ignore) {
        if (ctx.config().ignoreCe() == ignore) {
            return;
        }
        if (ignore) {
            ctx.config().ignoreCe(true);
            timers.restartAll(); // mce_start_timer refuses to arm with ignore_ce
            disableCmci();
        } else {
            ctx.config().ignoreCe(false);
            timers.restartAll();
            enableCmci();
        }
    }

    /** {@code cmci_disabled}: CMCI off (owned banks given up), polling continues. */
    public void cmciDisabled(boolean disabled) {
        if (ctx.config().cmciDisabled() == disabled) {
            return;
        }
        if (disabled) {
            disableCmci();
            ctx.config().cmciDisabled(true);
        } else {
            ctx.config().cmciDisabled(false);
            enableCmci();
        }
    }

    /**
     * {@code bankN} of CPU {@code cpu}: the CTL mask for every CPU; 0 makes poll and #MC skip the
     * bank. Restarts the timers.
     *
     * @return false (ENODEV) for a bank the kernel found not implemented on {@code cpu}
     */
    public boolean bank(int cpu, int bank, long ctl) {
        if (!ctx.cpu(cpu).bankInit(bank)) {
            return false;
        }
        for (PerCpuMce p : ctx.perCpu()) {
            p.bankCtl(bank, ctl);
            p.cpu().bank(bank).writeCtl(ctl);
        }
        timers.restartAll();
        return true;
    }

    /** {@code monarch_timeout} in µs. */
    public void monarchTimeout(long us) {
        ctx.config().monarchTimeoutUs(us);
    }

    private void disableCmci() {
        for (int c = 0; c < ctx.machine().cpuCount(); c++) {
            var owned = cmci.owned(c);
            cmci.clear(c);
            ctx.cpu(c).pollBanks.or(owned);
        }
    }

    private void enableCmci() {
        for (int c = 0; c < ctx.machine().cpuCount(); c++) {
            cmci.discover(c);
        }
    }
}
