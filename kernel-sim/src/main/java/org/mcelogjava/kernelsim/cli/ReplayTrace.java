package org.mcelogjava.kernelsim.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mcelogjava.kernelsim.mca.Grade;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.kernelsim.mca.Path;
import org.mcelogjava.kernelsim.mca.Severity;
import org.mcelogjava.kernelsim.mm.MfFlags;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Collects what a replay needs to classify the run: every grade, every logged record, the first
 * panic, memory_failure calls and kills, in the order they happened.
 */
final class ReplayTrace implements MceObserver {

    /** The first {@code mce_panic()}/{@code panic()}. */
    record Panic(String message, Mce fin, String exception) {
    }

    private final List<Mce> logged = new ArrayList<>();
    private final Map<Mce, String> messages = new HashMap<>();
    private final List<String> actions = new ArrayList<>();
    private Panic panic;
    private Severity worst;
    private String worstMessage;
    private boolean recovered;
    private boolean killed;

    @Override
    public synchronized void graded(int cpu, Mce m, Grade grade, Path path) {
        messages.put(m, grade.message());
        if (worst == null || grade.severity().compareTo(worst) > 0) {
            worst = grade.severity();
            worstMessage = grade.message();
        }
    }

    @Override
    public synchronized void logged(Mce m) {
        logged.add(m);
    }

    @Override
    public synchronized void panic(String message, Mce fin, String exception, boolean fake) {
        if (panic == null) {
            panic = new Panic(message, fin, exception);
        }
    }

    @Override
    public synchronized void memoryFailure(int cpu, long pfn, int flags, String via, int ret) {
        recovered = true;
        actions.add(String.format("%smemory_failure(pfn=%#x, flags=%s) via %s (cpu %d) = %d",
                panic != null ? "if fake_panic=1: " : "", pfn, MfFlags.describe(flags), via, cpu, ret));
    }

    @Override
    public synchronized void killed(int cpu, int pid, String how) {
        if (!how.startsWith("kill_me_maybe")) {
            killed = true;
        }
        actions.add(String.format("%s%s: SIGBUS to pid %d (cpu %d)", panic != null ? "if fake_panic=1: " : "",
                how, pid, cpu));
    }

    synchronized List<Mce> logged() {
        return List.copyOf(logged);
    }

    synchronized List<String> actions() {
        return List.copyOf(actions);
    }

    synchronized Panic firstPanic() {
        return panic;
    }

    /** panic, kill, recover, log or ignore (examples README). */
    synchronized String outcome() {
        if (panic != null) {
            return "panic";
        }
        if (killed) {
            return "kill";
        }
        if (recovered) {
            return "recover";
        }
        return logged.isEmpty() ? "ignore" : "log";
    }

    /**
     * The deciding record (examples README): the record a panic was called with; for the
     * rendezvous' unknown-source panic, which has none, the worst graded record (its grade is at
     * most KEEP), or "no severity" when no bank was valid; for other panics without a record the
     * worst logged record, else the worst graded; without a panic the worst graded record. Null
     * when nothing was graded and nothing panicked.
     */
    private synchronized Decision decide() {
        if (panic != null) {
            if (panic.fin() != null && panic.fin().severity() > 0) {
                return new Decision(Severity.ofValue(panic.fin().severity()),
                        panic.exception() != null ? panic.exception() : messages.get(panic.fin()));
            }
            if (panic.message().endsWith("from unknown source")) {
                // mce_reign() panics with no record; what the table said about the banks the
                // handlers did see (NO "Not enabled", UCNA left for the poller) still decides
                return worst == null ? new Decision(Severity.NO, null) : new Decision(worst, worstMessage);
            }
            Mce worstLogged = null;
            for (Mce m : logged) {
                if (worstLogged == null || m.severity() > worstLogged.severity()) {
                    worstLogged = m;
                }
            }
            if (worstLogged != null) {
                return new Decision(Severity.ofValue(worstLogged.severity()), messages.get(worstLogged));
            }
            return worst == null ? new Decision(Severity.NO, null) : new Decision(worst, worstMessage);
        }
        return worst == null ? null : new Decision(worst, worstMessage);
    }

    /** A severity level with its severity-table message. */
    private record Decision(Severity severity, String message) {
    }

    synchronized Severity severity() {
        Decision d = decide();
        return d == null ? null : d.severity();
    }

    synchronized String message() {
        Decision d = decide();
        return d == null ? null : d.message();
    }
}
