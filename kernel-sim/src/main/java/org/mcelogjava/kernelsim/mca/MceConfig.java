package org.mcelogjava.kernelsim.mca;

/**
 * The kernel's {@code struct mca_config} plus the debugfs {@code fake_panic} switch: the knobs set
 * by {@code mce=} boot options and the sysfs files under {@code /sys/devices/system/machinecheck/}.
 */
public final class MceConfig {

    /** INITIAL_CHECK_INTERVAL: 5 minutes. */
    public static final int INITIAL_CHECK_INTERVAL_SEC = 300;

    private long monarchTimeoutUs = -1;
    private int tolerant = 1;
    private boolean dontLogCe;
    private boolean ignoreCe;
    private boolean cmciDisabled;
    private boolean lmceDisabled;
    private boolean printAll;
    private boolean biosCmciThreshold;
    private boolean fakePanic;
    private boolean injectMutex;
    private int checkIntervalSec = INITIAL_CHECK_INTERVAL_SEC;

    /** monarch_timeout in µs; -1 means "let the vendor quirks decide" (resolved at boot). */
    public long monarchTimeoutUs() { return monarchTimeoutUs; }
    public int tolerant() { return tolerant; }
    public boolean dontLogCe() { return dontLogCe; }
    public boolean ignoreCe() { return ignoreCe; }
    public boolean cmciDisabled() { return cmciDisabled; }
    public boolean lmceDisabled() { return lmceDisabled; }
    public boolean printAll() { return printAll; }
    public boolean biosCmciThreshold() { return biosCmciThreshold; }
    public boolean fakePanic() { return fakePanic; }

    /**
     * Whether the mce-inject module serialises {@code /dev/mcelog} writes, as inject.c's
     * {@code mce_inject_raise()} does in Linux 6.12 by holding {@code mce_inject_mutex} around
     * {@code raise_mce()}. Off by default: the project follows mce-inject.md §1.6 point 6 and the
     * mce-test suite, where the tool's per-CPU writer threads, released together by a spin barrier,
     * raise their #MCs concurrently, so a process-context HOLD record's CPU meets the trigger's CPU
     * in one Monarch rendezvous. On, a process-context #MC runs {@code do_machine_check()} to its
     * end under the mutex and waits in {@code mce_start()} for the writer still waiting on it, so
     * the rendezvous times out (mce-test panic_noser/uc_over_corrected on a 6.12 kernel).
     */
    public boolean injectMutex() { return injectMutex; }
    public int checkIntervalSec() { return checkIntervalSec; }

    public MceConfig monarchTimeoutUs(long us) {
        if (us < -1) {
            throw new IllegalArgumentException("monarch_timeout must be >= 0 µs (or -1 for the default)");
        }
        monarchTimeoutUs = us;
        return this;
    }

    public MceConfig tolerant(int t) {
        if (t < 0 || t > 3) {
            throw new IllegalArgumentException("tolerant must be 0..3, got " + t);
        }
        tolerant = t;
        return this;
    }

    public MceConfig dontLogCe(boolean v) { dontLogCe = v; return this; }
    public MceConfig ignoreCe(boolean v) { ignoreCe = v; return this; }
    public MceConfig cmciDisabled(boolean v) { cmciDisabled = v; return this; }
    public MceConfig lmceDisabled(boolean v) { lmceDisabled = v; return this; }
    public MceConfig printAll(boolean v) { printAll = v; return this; }
    public MceConfig biosCmciThreshold(boolean v) { biosCmciThreshold = v; return this; }
    public MceConfig fakePanic(boolean v) { fakePanic = v; return this; }
    public MceConfig injectMutex(boolean v) { injectMutex = v; return this; }

    /** check_interval in seconds; 0 disables polling. */
    public MceConfig checkIntervalSec(int s) {
        if (s < 0) {
            throw new IllegalArgumentException("check_interval must be >= 0 seconds, got " + s);
        }
        checkIntervalSec = s;
        return this;
    }
}
