package org.mcelogjava.daemon.act;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.mcelogjava.daemon.policy.TriggerRequest;

/**
 * Runs trigger programs as mcelog's {@code run_trigger} does — a real child process started by
 * argv (never through a shell), in the trigger directory, with exactly the environment the request
 * built — and adds what mcelog lacks: hung triggers are killed after a timeout, triggers beyond
 * {@code children-max} wait in a bounded queue instead of being skipped, and those beyond the queue
 * are dropped with a counted, logged notice. A trigger's output goes to the daemon's log line by
 * line. {@link #submit} never blocks the record path.
 */
public final class TriggerRunner implements AutoCloseable {

    private final Optional<Path> directory;
    private final int childrenMax;
    private final int queueMax;
    private final Duration timeout;
    private final ExecutorService outputReaders;
    private final ScheduledExecutorService timers;
    private final Consumer<String> log;

    private final Deque<TriggerRequest> queue = new ArrayDeque<>();
    /** Children running or being started; a slot is taken before the process exists. */
    private int active;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong killed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param outputReaders threads that copy children's output to the log (one busy per child)
     * @param timers        schedules the timeout kills
     * @param log           the daemon's log: failures, drops, the children's output
     */
    public TriggerRunner(Optional<Path> directory, int childrenMax, int queueMax, Duration timeout,
                         ExecutorService outputReaders, ScheduledExecutorService timers, Consumer<String> log) {
        if (childrenMax < 1 || queueMax < 0) {
            throw new IllegalArgumentException("children-max must be >= 1 and queue-max >= 0");
        }
        this.directory = directory;
        this.childrenMax = childrenMax;
        this.queueMax = queueMax;
        this.timeout = timeout;
        this.outputReaders = outputReaders;
        this.timers = timers;
        this.log = log;
    }

    /**
     * Starts the trigger now, or queues it, or drops it when the queue is full. Never blocks. The
     * "Running trigger" line is the caller's to log, where mcelog logs it.
     */
    public void submit(TriggerRequest request) {
        synchronized (this) {
            if (active >= childrenMax) {
                if (queue.size() >= queueMax) {
                    long n = dropped.incrementAndGet();
                    log.accept("Too many trigger children running already: dropped trigger `" + request.program()
                            + "' (" + n + " dropped so far)");
                    return;
                }
                queue.addLast(request);
                return;
            }
            active++;
        }
        start(request);
    }

    private void start(TriggerRequest request) {
        List<String> argv = new ArrayList<>();
        argv.add(resolve(request.program()));
        argv.addAll(request.args());
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        directory.ifPresent(d -> pb.directory(d.toFile()));
        pb.environment().clear();
        pb.environment().putAll(request.env());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            failed.incrementAndGet();
            log.accept("Cannot run trigger `" + request.program() + "': " + e.getMessage());
            release();
            return;
        }
        started.incrementAndGet();
        String name = request.program();
        outputReaders.execute(() -> copyOutput(name, p));
        ScheduledFuture<?> kill = timers.schedule(() -> kill(name, p), timeout.toMillis(), TimeUnit.MILLISECONDS);
        p.onExit().thenAccept(done -> finished(name, done, kill));
    }

    private String resolve(String program) {
        Path path = Path.of(program);
        return path.isAbsolute() ? program : directory.map(d -> d.resolve(path).toString()).orElse(program);
    }

    private void copyOutput(String name, Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                log.accept("trigger " + name + ": " + line);
            }
        } catch (IOException e) {
            // The child's pipe closed under us (killed); its exit is reported by finished().
        }
    }

    private void kill(String name, Process p) {
        if (!p.isAlive()) {
            return;
        }
        killed.incrementAndGet();
        log.accept("Trigger `" + name + "' still running after " + timeout.toSeconds() + " s: killed");
        p.destroy();
        timers.schedule(() -> {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }, 2, TimeUnit.SECONDS);
    }

    private void finished(String name, Process p, ScheduledFuture<?> kill) {
        kill.cancel(false);
        int status = p.exitValue();
        if (status != 0) {
            failed.incrementAndGet();
            log.accept(status > 128 && status < 128 + 65
                    ? "Trigger `" + name + "' died with signal " + (status - 128)
                    : "Trigger `" + name + "' exited with status " + status);
        }
        release();
    }

    /** A child is gone: free its slot and give it to the oldest waiting trigger. */
    private void release() {
        TriggerRequest next;
        synchronized (this) {
            next = queue.pollFirst();
            if (next == null) {
                active--;
                notifyAll();
                return;
            }
        }
        start(next); // the freed slot passes straight to it
    }

    /** Waits until no trigger runs or waits (one-shot mode waits for its children before exit). */
    public synchronized boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (active > 0 || !queue.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Counters for metrics and the closing summary. */
    public Stats stats() {
        return new Stats(started.get(), failed.get(), killed.get(), dropped.get());
    }

    /**
     * @param started triggers started
     * @param failed  exited non-zero, died by a signal, or could not start
     * @param killed  killed after the timeout
     * @param dropped dropped because the queue was full
     */
    public record Stats(long started, long failed, long killed, long dropped) {
    }

    /** Forgets queued triggers; running ones are left to finish or time out. */
    @Override
    public synchronized void close() {
        queue.clear();
    }
}
