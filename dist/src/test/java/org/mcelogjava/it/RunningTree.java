package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.mcelogjava.protocol.testing.Await;

/**
 * The installed tree's programs as separate processes, as a user runs them: {@code bin/mce-sim run}
 * serving its socket, {@code bin/mcelog --daemon --foreground} reading it, {@code bin/mce-inject}
 * feeding it. {@code bin/NAME}'s stdout and stderr go to NAME.out and NAME.err in the test's
 * directory (the latest run of that name); the daemon's log and pidfile are mcelog.log and mcelog.pid
 * there. A wait on a process fails at once when that process exits, naming the test line that waited
 * and the process's stderr. Closing stops what is still running, the last started first.
 */
final class RunningTree implements AutoCloseable {

    static final Path HOME = InstalledCommands.HOME;

    private final Path dir;
    private final Duration bound;
    /** Every process started, with the name its streams are kept under, in start order. */
    private final Map<Process, String> started = new LinkedHashMap<>();

    /** @param dir the test's directory; waits are bounded by {@link Await#DEFAULT} */
    RunningTree(Path dir) {
        this(dir, Await.DEFAULT);
    }

    /** As {@link #RunningTree(Path)}, each wait bounded by {@code bound} (a test that loads the machine more). */
    RunningTree(Path dir, Duration bound) {
        this.dir = dir;
        this.bound = bound;
    }

    /** Starts {@code bin/NAME ARGS...} ({@code command[0]} is "bin/NAME"), its streams to NAME.out and NAME.err. */
    Process start(String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(command));
        argv.set(0, HOME.resolve(command[0]).toString());
        return start(Path.of(command[0]).getFileName().toString(), new ProcessBuilder(argv));
    }

    /** Starts {@code pb} (a command run otherwise: another directory, environment or program), its streams to NAME.out and NAME.err. */
    Process start(String name, ProcessBuilder pb) throws IOException {
        Process p = pb.redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        started.put(p, name);
        return p;
    }

    /** {@code mce-sim run --socket SOCK --cpus 4 EXTRA...}, once it serves {@code sock}. */
    Process simulator(Path sock, String... extra) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("bin/mce-sim", "run", "--socket", sock.toString(), "--cpus", "4"));
        argv.addAll(List.of(extra));
        Process sim = start(argv.toArray(String[]::new));
        waitUntil(() -> Files.exists(sock), sim);
        return sim;
    }

    /** {@code mcelog --daemon --foreground} with {@code conf} on the simulator at {@code sock}, once its pidfile is there. */
    Process daemon(Path sock, Path conf) throws IOException, InterruptedException {
        return daemon(sock, conf, pidfile());
    }

    /** As {@link #daemon(Path, Path)}, up once {@code ready} exists (its client socket, say). */
    Process daemon(Path sock, Path conf, Path ready) throws IOException, InterruptedException {
        Process daemon = start("bin/mcelog", "--daemon", "--foreground", "--config-file", conf.toString(),
                "--socket", sock.toString(), "--logfile", log().toString(), "--pidfile", pidfile().toString());
        waitUntil(() -> Files.exists(ready), daemon);
        return daemon;
    }

    /** Injects {@code records} (mce-inject's text) into the simulator at {@code sock}; fails with mce-inject's stderr. */
    void inject(Path sock, String records) throws IOException, InterruptedException {
        inject(sock, Files.writeString(Files.createTempFile(dir, "records", ".inject"), records));
    }

    /** {@code mce-inject --socket SOCK FILE}; fails with its stderr. */
    void inject(Path sock, Path file) throws IOException, InterruptedException {
        Process injector = start("bin/mce-inject", "--socket", sock.toString(), file.toString());
        assertTrue(injector.waitFor(bound.toSeconds(), TimeUnit.SECONDS), "mce-inject did not end");
        assertEquals(0, injector.exitValue(), read("mce-inject.err"));
    }

    /** Stops {@code p} as its unit would ({@code kill -TERM}); it must exit 0. */
    void stop(Process p) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(bound.toSeconds(), TimeUnit.SECONDS), started.get(p) + " did not stop on SIGTERM");
        assertEquals(0, p.exitValue(), started.get(p) + ": " + read(started.get(p) + ".err"));
    }

    /** The daemon's log file. */
    Path log() {
        return dir.resolve("mcelog.log");
    }

    /** The daemon's pidfile. */
    Path pidfile() {
        return dir.resolve("mcelog.pid");
    }

    /** A file of the test's directory (NAME.err, mcelog.log), or why it cannot be read. */
    String read(String name) {
        Path file = dir.resolve(name);
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e + ")";
        }
    }

    /** Waits until {@code condition} holds; fails at once if {@code p} exits first, with its stderr. */
    void waitUntil(BooleanSupplier condition, Process p) throws InterruptedException {
        String where = Await.where();
        String name = started.getOrDefault(p, "the process");
        Await.until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError(where + ": " + name + " exited (" + p.info().commandLine().orElse("pid "
                        + p.pid()) + "); stderr: " + read(name + ".err"));
            }
            return condition.getAsBoolean();
        }, bound, where, () -> name + "'s stderr: " + read(name + ".err"));
    }

    /**
     * Stops whatever is still running, the last started first: SIGTERM, then SIGKILL after the bound.
     * Interrupted, it kills the rest at once and keeps the interrupt for the caller.
     */
    @Override
    public void close() {
        List<Process> processes = new ArrayList<>(started.keySet());
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(bound.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                processes.subList(0, i + 1).forEach(Process::destroyForcibly);
                return;
            }
        }
    }
}
