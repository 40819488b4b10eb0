package org.mcelogjava.protocol.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Waiting for a condition in a test, instead of sleeping: {@code Await.until(() -> Files.exists(pid),
 * Duration.ofSeconds(30), "the daemon's pidfile " + pid)}. Returns as soon as the condition holds;
 * fails naming what it waited for (and, if given, the state that explains why) when the timeout
 * passes. An assertion error thrown by the condition ends the wait at once (e.g. "mce-sim exited"),
 * and so does any other exception, wrapped in one that names what was waited for.
 *
 * <p>Real child processes, sockets and files give a test nothing to block on, so the condition is
 * looked at again after 1 ms, then after twice as long each time up to 32 ms (a quick condition is
 * seen at once, a long wait costs the machine little); this is the one place that does it. The timeout is a bound
 * for a broken build, never a pause a passing test waits out.
 */
public final class Await {

    /** The default bound: long enough for a loaded 2-core machine starting JVMs. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private static final long FIRST_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(32);

    /** A condition that may need I/O to look at. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /** Waits up to {@link #DEFAULT} for {@code condition}; fails naming {@code what}. */
    public static void until(Condition condition, String what) throws InterruptedException {
        until(condition, DEFAULT, what, () -> "");
    }

    /** Waits up to {@code timeout} for {@code condition}; fails naming {@code what}. */
    public static void until(Condition condition, Duration timeout, String what) throws InterruptedException {
        until(condition, timeout, what, () -> "");
    }

    /**
     * "the condition at FooTest.java:123": the test line that waits, for a test's own {@code waitUntil}
     * helper that delegates here (the first caller outside this class and outside methods named
     * {@code waitUntil}).
     */
    public static String where() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(Await.class.getName()) && !f.getMethodName().equals("waitUntil"))
                .findFirst()
                .map(f -> "the condition at " + f.getFileName() + ":" + f.getLineNumber())
                .orElse("a condition"));
    }

    /**
     * Waits up to {@code timeout} for {@code condition}; fails naming {@code what} and then the
     * {@code state} at that moment (a log's content, a process's stderr).
     */
    public static void until(Condition condition, Duration timeout, String what, Supplier<String> state)
            throws InterruptedException {
        waitFor(condition, timeout, FIRST_RECHECK_NANOS, MAX_RECHECK_NANOS, what, state);
    }

    /**
     * As {@link #until(Condition, Duration, String, Supplier)}, looking again only every {@code every}:
     * for a condition that is itself costly to look at (it starts a process, e.g. {@code mcelog --client}).
     */
    public static void until(Condition condition, Duration timeout, Duration every, String what,
                             Supplier<String> state) throws InterruptedException {
        waitFor(condition, timeout, every.toNanos(), every.toNanos(), what, state);
    }

    private static void waitFor(Condition condition, Duration timeout, long firstRecheck, long maxRecheck,
                                String what, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long recheck = firstRecheck;
        while (!holds(condition, what)) {
            if (System.nanoTime() - deadline > 0) {
                String s = state.get();
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what
                        + (s.isEmpty() ? "" : "; " + s));
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for " + what);
            }
            LockSupport.parkNanos(recheck);
            recheck = Math.min(recheck * 2, maxRecheck);
        }
    }

    private static boolean holds(Condition condition, String what) throws InterruptedException {
        try {
            return condition.holds();
        } catch (RuntimeException | Error | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("checking " + what + ": " + e, e);
        }
    }
}
