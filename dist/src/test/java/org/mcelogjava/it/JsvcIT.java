package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.kernelsim.dev.LegacyInjector;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.PersistentRecords;
import org.mcelogjava.kernelsim.server.DeviceServer;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;

/**
 * The daemon under Debian's jsvc, as systemd/mcelog.service runs it: -nodetach, -home, an
 * absolute classpath; SIGUSR2 reopens the log, SIGTERM stops it cleanly.
 */
class JsvcIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();
    private static final Path JSVC = Path.of("/usr/bin/jsvc");

    @TempDir
    Path dir;
    private final McelogDevice device = new McelogDevice(32, 128, true, cpu -> true, LegacyInjector.NONE, new PersistentRecords());
    private DeviceServer server;

    @BeforeEach
    void start() throws Exception {
        assertTrue(Files.isExecutable(JSVC), "jsvc is installed by .ci/run (Debian package jsvc)");
        server = DeviceServer.start(dir.resolve("mcelog.sock"), device, new SysfsTree(), "it",
                PeerPolicy.ROOT_ONLY, DeviceServer.DEFAULT_DEVICE_MODE, 1, msg -> { });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void theDaemonRunsUnderJsvcRotatesOnUsr2AndStopsOnTerm() throws Exception {
        Path log = dir.resolve("mcelog.log");
        Path pid = dir.resolve("mcelog.pid");
        Path jsvcPid = dir.resolve("jsvc.pid");
        Process jsvc = new ProcessBuilder(List.of(JSVC.toString(), "-nodetach", "-procname", "mcelog",
                "-home", System.getProperty("java.home"), "-cp", HOME.resolve("lib") + "/*",
                "-pidfile", jsvcPid.toString(), "-outfile", dir.resolve("out").toString(),
                "-errfile", dir.resolve("err").toString(),
                "org.mcelogjava.daemon.cli.McelogDaemon",
                "--daemon", "--foreground", "--socket", server.socket().toString(),
                "--logfile", log.toString(), "--pidfile", pid.toString())).start();
        try {
            waitUntil(() -> Files.exists(pid) && device.waiters() > 0, jsvc);
            device.accept(TaggedRecords.record(1));
            waitUntil(() -> TaggedRecords.count(log) == 1, jsvc);
            Files.move(log, dir.resolve("mcelog.log.1"));
            // Signals go to jsvc itself, as systemd sends them to the unit's main process; jsvc passes
            // them on to the JVM it controls.
            long daemonPid = jsvc.pid();
            assertEquals(0, new ProcessBuilder("kill", "-USR2", Long.toString(daemonPid)).start().waitFor());
            waitUntil(() -> Files.exists(log), jsvc);
            device.accept(TaggedRecords.record(2));
            waitUntil(() -> TaggedRecords.count(log) == 1, jsvc);

            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(daemonPid)).start().waitFor());
            assertTrue(jsvc.waitFor(30, TimeUnit.SECONDS), "jsvc ends after SIGTERM");
            assertEquals(0, jsvc.exitValue(), errText());
            assertFalse(Files.exists(pid), "the daemon's pidfile is removed");
            assertFalse(Files.exists(jsvcPid), "jsvc's pidfile is removed");
            assertEquals(1, TaggedRecords.count(dir.resolve("mcelog.log.1")));
        } finally {
            jsvc.destroyForcibly();
        }
    }

    private String errText() throws IOException {
        Path err = dir.resolve("err");
        return Files.exists(err) ? Files.readString(err) : "";
    }

    private void waitUntil(BooleanSupplier condition, Process jsvc) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || !jsvc.isAlive()) {
                throw new AssertionError("condition not met; jsvc alive=" + jsvc.isAlive() + " err=" + errText());
            }
            Thread.sleep(10); // a real child process: wait for it, bounded
        }
    }
}
