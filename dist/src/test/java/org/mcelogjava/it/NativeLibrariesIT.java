package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree's commands load the native libraries their jars carry (Netty's epoll transport, sqlite-jdbc,
 * jffi under jnr) from the tree's {@code lib/native/linux-x86_64/}, as bin/launcher.sh points them, and
 * write nothing into the temporary directory: a daemon killed with SIGKILL leaves no copy behind there.
 * Each library is found in the running process's memory map. The simulator serves a socket and a FUSE
 * mount; the daemon reads the mount's {@code dev/mcelog} (jnr), serves its client socket (Netty) and keeps
 * a history (sqlite-jdbc). Then, with /tmp mounted noexec (where a library copied there cannot be
 * loaded: every command failed so before), {@code mcelog summary} reads that history and a one-shot
 * {@code mcelog --socket} the simulator.
 */
class NativeLibrariesIT {

    /** Where bin/launcher.sh finds it: the tree's physical path ({@code pwd -P}). */
    private static final Path NATIVE = nativeDirectory();

    @TempDir
    Path dir;
    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null && Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + mount + " ")) {
            new ProcessBuilder("fusermount", "-u", "-z", mount.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void librariesComeFromTheTreeAndNothingIsLeftInTheTemporaryDirectory() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Map<String, String> env = Map.of("JAVA_OPTS", "-Djava.io.tmpdir=" + tmp, "TMPDIR", tmp.toString());
        mount = dir.resolve("machine");
        Path sock = dir.resolve("mce-sim.sock");
        Path client = dir.resolve("client.sock");
        Path conf = Files.writeString(dir.resolve("mcelog.conf"), "[server]\nsocket-path = " + client
                + "\n[history]\ndatabase = " + dir.resolve("history.db") + "\n");
        try (RunningTree tree = new RunningTree(dir)) {
            Process sim = tree.start("mce-sim", command(env, "mce-sim", "run", "--socket", sock.toString(),
                    "--cpus", "4", "--mount", mount.toString()));
            tree.waitUntil(() -> Files.exists(mount.resolve("dev/mcelog")) && Files.exists(sock), sim);
            Process daemon = tree.start("mcelog", command(env, "mcelog", "--daemon", "--foreground",
                    "--config-file", conf.toString(), "--logfile", tree.log().toString(),
                    "--pidfile", tree.pidfile().toString(), mount.resolve("dev/mcelog").toString()));
            tree.waitUntil(() -> Files.exists(client), daemon);
            Path records = Files.writeString(dir.resolve("record.inject"), "CPU 0 BANK 4\nSTATUS 0x9c00000000000005\n");
            Process inject = tree.start("mce-inject", command(env, "mce-inject", "--socket", sock.toString(),
                    records.toString()));
            assertTrue(inject.waitFor(60, TimeUnit.SECONDS), "mce-inject did not end");
            assertEquals(0, inject.exitValue(), tree.read("mce-inject.err"));
            tree.waitUntil(() -> tree.read("mcelog.log").contains("STATUS 9c00000000000005"), daemon);

            assertEquals(List.of("libjffi-1.2.so", "libnetty_transport_native_epoll_x86_64.so", "libsqlitejdbc.so"),
                    fromTheTree(daemon), "the daemon's native libraries mapped from " + NATIVE);
            assertEquals(List.of("libjffi-1.2.so", "libnetty_transport_native_epoll_x86_64.so"), fromTheTree(sim),
                    "the simulator's native libraries mapped from " + NATIVE);

            // the history (sqlite-jdbc) read with /tmp mounted noexec, once the writer has stored the record
            tree.waitUntil(() -> summaryShowsTheRecord(tree), daemon);

            daemon.destroyForcibly();
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "the daemon did not die on SIGKILL");
            // a one-shot read of the simulator (Netty) with /tmp mounted noexec
            Process oneShot = tree.start("one-shot", withNoexecTmp("mcelog", "--socket", sock.toString()));
            assertTrue(oneShot.waitFor(60, TimeUnit.SECONDS), "mcelog --socket did not end");
            assertEquals(0, oneShot.exitValue(), tree.read("one-shot.err"));
            tree.stop(sim);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(),
                    "left in the temporary directory by the simulator, mce-inject and a daemon killed with SIGKILL");
        }
    }

    /**
     * Where Netty's library cannot load (here: JAVA_OPTS points java.library.path elsewhere, so Netty copies
     * it to a /tmp mounted noexec), mcelog and mce-sim say so in their own line and exit 1: no stack trace,
     * and no advice about the simulator, which is running.
     */
    @Test
    void aNettyLibraryThatCannotLoadIsSaidInOneLine() throws Exception {
        Path sock = dir.resolve("mce-sim.sock");
        Path other = dir.resolve("other.sock");
        String cannotLoad = "cannot load Netty's native epoll library: /tmp/libnetty_transport_native_epoll_x86_64\\d*\\.so: .*"
                + "failed to map segment from shared object \\(the launchers in bin/ load it from the tree's"
                + " lib/native/linux-x86_64, for x86-64 machines; otherwise Netty copies it to /tmp, which must not be"
                + " mounted noexec\\)";
        try (RunningTree tree = new RunningTree(dir)) {
            Process sim = tree.simulator(sock);
            ProcessBuilder mcelog = withNoexecTmp("mcelog", "--socket", sock.toString());
            mcelog.environment().put("JAVA_OPTS", "-Djava.library.path=/nonexistent");
            Process oneShot = tree.start("one-shot", mcelog);
            assertTrue(oneShot.waitFor(60, TimeUnit.SECONDS), "mcelog --socket did not end");
            assertEquals(1, oneShot.exitValue(), tree.read("one-shot.err"));
            assertSaid(tree.read("one-shot.err"), "mcelog: Cannot open `" + sock + "': " + cannotLoad);

            ProcessBuilder simulator = withNoexecTmp("mce-sim", "run", "--socket", other.toString());
            simulator.environment().put("JAVA_OPTS", "-Djava.library.path=/nonexistent");
            Process second = tree.start("second", simulator);
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "mce-sim run did not end");
            assertEquals(1, second.exitValue(), tree.read("second.err"));
            assertSaid(tree.read("second.err"), "mce-sim run: cannot serve " + other + ": " + cannotLoad);
            tree.stop(sim);
        }
    }

    /** {@code err} has a line matching {@code line}, and neither a stack trace nor mcelog's advice about the simulator. */
    private static void assertSaid(String err, String line) {
        assertTrue(err.lines().anyMatch(l -> l.matches(line)), "no line matching " + line + " in:\n" + err);
        assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("Is the simulator"), err);
    }

    /** {@code mcelog summary} of the history with /tmp mounted noexec: it exits 0 and counts the record. */
    private boolean summaryShowsTheRecord(RunningTree tree) {
        try {
            Process summary = tree.start("summary", withNoexecTmp("mcelog", "summary", "--database",
                    dir.resolve("history.db").toString()));
            assertTrue(summary.waitFor(60, TimeUnit.SECONDS), "mcelog summary did not end");
            assertEquals(0, summary.exitValue(), tree.read("summary.err"));
            return tree.read("summary.out").lines().anyMatch(l -> l.matches("0 +1 +0 +0 +up"));
        } catch (IOException e) {
            throw new AssertionError("cannot run mcelog summary", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Path nativeDirectory() {
        try {
            return RunningTree.HOME.resolve("lib/native/linux-x86_64").toRealPath();
        } catch (IOException e) {
            throw new AssertionError("the tree has no lib/native/linux-x86_64", e);
        }
    }

    /** {@code bin/NAME ARGS...} with {@code env} added to the environment. */
    private static ProcessBuilder command(Map<String, String> env, String name, String... args) {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(RunningTree.HOME.resolve("bin/" + name)
                .toString()), Stream.of(args)).toList());
        pb.environment().putAll(env);
        return pb;
    }

    /** {@code bin/NAME ARGS...} in a mount namespace of its own where /tmp is remounted noexec. */
    private static ProcessBuilder withNoexecTmp(String name, String... args) {
        return new ProcessBuilder(Stream.concat(Stream.of("unshare", "-m", "sh", "-c",
                "mount --bind /tmp /tmp && mount -o remount,bind,noexec /tmp && exec \"$0\" \"$@\"",
                RunningTree.HOME.resolve("bin/" + name).toString()), Stream.of(args)).toList());
    }

    /** The names of the shared objects {@code p} has mapped from the tree's lib/native, sorted. */
    private static List<String> fromTheTree(Process p) throws IOException {
        return mappedFrom(p.toHandle(), NATIVE);
    }

    /**
     * The names of the shared objects {@code p} or a process under it (jsvc runs the JVM as its child)
     * has mapped from the directory {@code dir}, sorted.
     */
    static List<String> mappedFrom(ProcessHandle p, Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        for (ProcessHandle h : Stream.concat(Stream.of(p), p.descendants()).toList()) {
            try (Stream<String> maps = Files.lines(Path.of("/proc", Long.toString(h.pid()), "maps"))) {
                maps.filter(l -> l.endsWith(".so") && l.contains(" " + dir + "/"))
                        .map(l -> l.substring(l.lastIndexOf('/') + 1)).forEach(names::add);
            }
        }
        return names.stream().distinct().sorted().toList();
    }
}
