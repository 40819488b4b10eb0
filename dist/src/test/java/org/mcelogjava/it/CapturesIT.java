package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.kernelsim.dev.LegacyInjector;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.PersistentRecords;
import org.mcelogjava.kernelsim.server.DeviceServer;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.testing.Await;

/**
 * The d2 and d3 daemon captures of mcelog v208 (examples/daemon) run end to end: the installed
 * {@code bin/mcelog} with the capture's command line, reading the simulator's /dev/mcelog over its
 * socket, with the capture's batches put into the device's log one batch at a time, as the
 * capture's FIFO delivered them. The log files, the trigger environments (written by a dump-env
 * trigger as in the capture) and {@code mcelog --client}'s reply must be the capture's.
 */
class CapturesIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();
    /** The captures, kept once in the daemon module's test resources. */
    private static final Path CAPTURES = Path.of("../daemon/src/test/resources").toAbsolutePath();

    @TempDir
    Path dir;

    private DeviceServer server;
    private Process daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.destroy();
            daemon.waitFor(20, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    private McelogDevice serve(int logLength) throws Exception {
        McelogDevice device = new McelogDevice(logLength, 128, true, cpu -> true, LegacyInjector.NONE,
                new PersistentRecords());
        server = DeviceServer.start(dir.resolve("dev"), device, new SysfsTree(), "captures",
                PeerPolicy.ROOT_ONLY, DeviceServer.DEFAULT_DEVICE_MODE, 1, msg -> { });
        return device;
    }

    /** The capture's config with its paths moved under the test directory. */
    private Path config(String capture, Path triggerDir) throws IOException {
        String conf = Files.readString(CAPTURES.resolve(capture + "/mcelog.conf"))
                .replaceAll("socket-path = .*", "socket-path = " + dir.resolve("sock"))
                .replaceAll("directory = .*", "directory = " + triggerDir);
        return Files.writeString(dir.resolve("mcelog.conf"), conf);
    }

    /** The capture's daemon command line. */
    private Process startDaemon(Path conf) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(HOME.resolve("bin/mcelog").toString(), "--no-dmi", "--no-imc-log",
                "--cpu", "nehalem", "--daemon", "--foreground", "--config-file", conf.toString(),
                "--logfile", dir.resolve("mcelog.log").toString(), "--pidfile", dir.resolve("mcelog.pid").toString(),
                dir.resolve("dev").toString());
        pb.environment().put("TZ", "UTC");
        return pb.redirectOutput(dir.resolve("mcelog.out").toFile()).redirectError(dir.resolve("mcelog.err").toFile())
                .start();
    }

    /** Puts one capture batch into the device's log at once, so the daemon reads it as one batch. */
    private static void batch(McelogDevice device, Path bin) throws IOException {
        byte[] data = Files.readAllBytes(bin);
        synchronized (device) {
            for (int off = 0; off < data.length; off += 128) {
                device.accept(MceCodec.decode(data, off, 128));
            }
        }
    }

    private String log(String name) {
        Path p = dir.resolve(name);
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environments the trigger dumped, sorted, the daemon's PATH masked; empty while unreadable. */
    private static List<String> triggerEnvironments(Path envs) {
        List<String> got = new ArrayList<>();
        try (Stream<Path> files = Files.list(envs)) {
            for (Path f : files.toList()) {
                got.add(Files.readString(f).replaceAll("(?m)^PATH=.*\n", "PATH=<copied from the daemon's own \\$PATH>\n"));
            }
        } catch (IOException e) {
            return List.of();
        }
        return got.stream().sorted().toList();
    }

    private static long records(String log) {
        return log.lines().filter(l -> l.equals("Hardware event. This is not a software error.")).count();
    }

    @Test
    void d2LogTriggerEnvironmentsAndClientReplyAreTheCaptures() throws Exception {
        Path d2 = CAPTURES.resolve("d2");
        Path trig = Files.createDirectories(dir.resolve("trig"));
        Path envs = Files.createDirectories(dir.resolve("envs"));
        Path dumpEnv = trig.resolve("dump-env");
        Files.writeString(dumpEnv, "#!/bin/sh\n"
                + "f='" + envs + "'/$(date +%s%N).$$.txt\n"
                + "{ echo \"ARGV0=$(basename \"$0\")\"; echo \"ARGS=$*\"; echo \"CWD=$(pwd)\";"
                + " env | grep -v '^PWD=' | sort; } > \"$f\"\n");
        Files.setPosixFilePermissions(dumpEnv, PosixFilePermissions.fromString("rwxr-xr-x"));
        McelogDevice device = serve(32);
        daemon = startDaemon(config("d2", trig));
        waitUntil(() -> Files.exists(dir.resolve("sock")));
        long expected = 0;
        for (String b : List.of("b1.bin", "b2.bin", "b3.bin")) {
            batch(device, d2.resolve(b));
            expected += Files.size(d2.resolve(b)) / 128;
            long want = expected;
            waitUntil(() -> records(log("mcelog.log")) == want && device.pending() == 0);
        }
        String d2Log = Files.readString(d2.resolve("mcelog.log"), StandardCharsets.ISO_8859_1);
        List<String> want = new ArrayList<>();
        for (String block : Files.readString(d2.resolve("trigger-env.txt")).split("=== trigger invocation[^\n]*\n")) {
            if (!block.isBlank()) {
                want.add(block.replaceAll("(?m)^CWD=.*\n", "CWD=" + trig + "\n").replaceAll("\n+$", "\n"));
            }
        }
        try {
            // the 13 triggers' files whole and the last trigger lines and exits in the log
            waitUntil(() -> triggerEnvironments(envs).equals(want.stream().sorted().toList())
                    && log("mcelog.log").length() >= d2Log.length());
        } catch (AssertionError notYet) {
            // the assertions below show the difference
        }
        assertEquals(d2Log, log("mcelog.log"));
        assertEquals(want.stream().sorted().toList(), triggerEnvironments(envs));

        Process client = new ProcessBuilder(HOME.resolve("bin/mcelog").toString(), "--client", "--config-file",
                dir.resolve("mcelog.conf").toString()).redirectErrorStream(true).start();
        String reply = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertEquals(0, client.waitFor());
        assertEquals(Files.readString(d2.resolve("client.txt"), StandardCharsets.ISO_8859_1), reply);
    }

    @Test
    void d3OverflowWarningComesBeforeTheBatchAndTheReopenedLogGetsTheRest() throws Exception {
        Path d3 = CAPTURES.resolve("d3");
        McelogDevice device = serve(4);
        byte[] full = Files.readAllBytes(d3.resolve("full.bin"));
        synchronized (device) {
            batch(device, d3.resolve("full.bin"));
            device.accept(MceCodec.decode(full, 0, 128)); // a fifth record: dropped, the overflow flag set
        }
        daemon = startDaemon(config("d3", dir.resolve("none")));
        waitUntil(() -> records(log("mcelog.log")) == 4);
        Files.move(dir.resolve("mcelog.log"), dir.resolve("mcelog.log.1"));
        assertEquals(0, new ProcessBuilder("kill", "-USR1", Long.toString(daemon.pid())).start().waitFor());
        waitUntil(() -> Files.exists(dir.resolve("mcelog.log")));
        batch(device, d3.resolve("after.bin"));
        String d3Log = Files.readString(d3.resolve("mcelog.log"), StandardCharsets.ISO_8859_1);
        waitUntil(() -> log("mcelog.log").length() >= d3Log.length());
        assertEquals(Files.readString(d3.resolve("mcelog.log.1"), StandardCharsets.ISO_8859_1), log("mcelog.log.1"));
        assertEquals(d3Log, log("mcelog.log"));
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(daemon.pid())).start().waitFor());
        assertTrue(daemon.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue(), log("mcelog.err"));
    }

    private void waitUntil(BooleanSupplier condition) throws InterruptedException {
        Await.until(() -> {
            if (!daemon.isAlive()) {
                throw new AssertionError("the daemon exited: " + log("mcelog.err"));
            }
            return condition.getAsBoolean();
        }, Await.DEFAULT, Await.where(), () -> "log:\n" + log("mcelog.log") + "\nstderr:\n" + log("mcelog.err"));
    }
}
