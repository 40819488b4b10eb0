package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs the installed commands of the built tree (dist/target/mcelog-java/bin) as a user types
 * them, each with its own stdout and stderr captured, optionally as another user (setpriv), since
 * root reads any file.
 */
final class InstalledCommands {

    static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();
    /** The uid and gid of {@code nobody}, for a file that must be unreadable to the command. */
    static final String NOBODY = "65534";

    /** What a command did. */
    record Result(List<String> command, int status, String out, String err) {
        @Override
        public String toString() {
            return String.join(" ", command) + " -> " + status + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private final Path dir;
    private int runs;

    /** @param dir a scratch directory for the captured streams */
    InstalledCommands(Path dir) {
        this.dir = dir;
    }

    /** Runs {@code bin/COMMAND ARGS...} to its end, stdin from /dev/null. */
    Result run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), false, command);
    }

    /** As {@link #run(String...)}, as user nobody when {@code asNobody}, with {@code env} added. */
    Result run(Map<String, String> env, boolean asNobody, String... command) throws IOException, InterruptedException {
        Process p = start(env, asNobody, command);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        int n = runs;
        return new Result(List.of(command), p.exitValue(), Files.readString(dir.resolve("out." + n)),
                Files.readString(dir.resolve("err." + n)));
    }

    /** Starts {@code bin/COMMAND ARGS...}; its streams go to {@link #out()} and {@link #err()} of this run. */
    Process start(Map<String, String> env, boolean asNobody, String... command) throws IOException {
        List<String> argv = new ArrayList<>();
        if (asNobody) {
            argv.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        argv.add((asNobody ? TreeForAll.home() : HOME).resolve("bin").resolve(command[0]).toString());
        argv.addAll(List.of(command).subList(1, command.length));
        int n = ++runs;
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(dir.resolve("out." + n).toFile())
                .redirectError(dir.resolve("err." + n).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The exit status of {@code bin/COMMAND ARGS...}, for a condition wait (a failure is a status, not an error). */
    int runQuietly(String... command) {
        try {
            return run(command).status();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The stderr of the last started command so far. */
    String err() {
        return read(dir.resolve("err." + runs));
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Waits until {@code condition} holds, failing with {@code why} after {@code seconds}. */
    static void waitUntil(BooleanSupplier condition, int seconds, Supplier<String> why) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, why);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
