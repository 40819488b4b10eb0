package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.protocol.mce.Mce;

/**
 * A tap on the engine's decisions, for tracing and conformance checks (the simulator's equivalent
 * of the mce tracepoints and debugfs coverage). Every method has a no-op default.
 */
public interface MceObserver {

    MceObserver NONE = new MceObserver() { };

    /** {@code mce_severity()} graded a valid bank. */
    default void graded(int cpu, Mce m, Grade grade, Path path) { }

    /** {@code mce_log()} accepted a record. */
    default void logged(Mce m) { }

    /** {@code mce_panic()} was called; {@code fake} when fake_panic turned it into a message. */
    default void panic(String message, Mce finalRecord, String exception, boolean fake) { }

    /** {@code memory_failure()} was called. */
    default void memoryFailure(int cpu, long pfn, int flags, String via, int ret) { }

    /** {@code kill_me_now()} / the fallback SIGBUS of kill_me_maybe sent a plain SIGBUS. */
    default void killed(int cpu, int pid, String how) { }
}
