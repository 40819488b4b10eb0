package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.mcelogjava.kernelsim.sysfs.Attribute;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.testing.Await;

/** bin/mcelog as a real process against a real device server: one-shot, and the daemon's lifecycle. */
class McelogProcessIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java"));

    @TempDir
    Path dir;
    private final McelogDevice device = new McelogDevice(32, 128, true, cpu -> true, LegacyInjector.NONE, new PersistentRecords());
    private DeviceServer server;

    @BeforeEach
    void start() throws Exception {
        server = DeviceServer.start(dir.resolve("mcelog.sock"), device, machine(), "it",
                PeerPolicy.ROOT_ONLY, DeviceServer.DEFAULT_DEVICE_MODE, 1, msg -> { });
    }

    /** A machine's /proc/cpuinfo, which mcelog checks at start: an Intel Skylake server. */
    private static SysfsTree machine() {
        SysfsTree tree = new SysfsTree();
        tree.register("/proc/cpuinfo", new Attribute(0444, Attribute.Show.text(() -> "processor\t: 0\n"
                + "vendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\ncpu MHz\t\t: 2400.000\n"
                + "flags\t\t: fpu mce mca\n\n"), null));
        return tree;
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private ProcessBuilder mcelog(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(HOME.resolve("bin/mcelog").toString());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("TZ", "UTC");
        return pb;
    }

    @Test
    void oneShotReadsWhatIsPendingFromTheEnvironmentsSocket() throws Exception {
        device.accept(TaggedRecords.record(1));
        device.accept(TaggedRecords.record(2));
        ProcessBuilder pb = mcelog();
        pb.environment().put("MCE_SIM_SOCKET", server.socket().toString());
        Process p = pb.redirectError(dir.resolve("err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertEquals(0, p.waitFor(), Files.readString(dir.resolve("err")));
        assertTrue(out.startsWith("Hardware event. This is not a software error.\nMCE 0\nCPU 1 BANK 7 \n"), out);
        assertTrue(out.contains("\nMCE 1\n"), out);
        assertEquals(0, device.pending());
    }

    @Test
    void theDaemonLogsRotatesOnUsr1AndCleansUpOnTerm() throws Exception {
        Path log = dir.resolve("mcelog.log");
        Path pid = dir.resolve("mcelog.pid");
        Process daemon = mcelog("--daemon", "--foreground", "--socket", server.socket().toString(),
                "--logfile", log.toString(), "--pidfile", pid.toString())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        try {
            waitUntil(() -> Files.exists(pid) && device.waiters() > 0);
            assertEquals(Long.toString(daemon.pid()), Files.readString(pid));
            device.accept(TaggedRecords.record(1));
            device.accept(TaggedRecords.record(2));
            waitUntil(() -> TaggedRecords.count(log) == 2);
            Files.move(log, dir.resolve("mcelog.log.1"));
            assertEquals(0, new ProcessBuilder("kill", "-USR1", Long.toString(daemon.pid())).start().waitFor());
            waitUntil(() -> Files.exists(log));
            device.accept(TaggedRecords.record(3));
            waitUntil(() -> TaggedRecords.count(log) == 1);

            Process second = mcelog("--daemon", "--foreground", "--socket", server.socket().toString(),
                    "--pidfile", pid.toString()).redirectErrorStream(true).start();
            String refusal = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, second.waitFor());
            // the device has no DMI tables: mcelog says so first, as it does before its own refusal
            assertTrue(refusal.lines().anyMatch(l -> l.startsWith("mcelog: mcelog server already running")), refusal);

            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(daemon.pid())).start().waitFor());
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, daemon.exitValue(), Files.readString(dir.resolve("err")));
            assertFalse(Files.exists(pid), "the pidfile is removed on SIGTERM");
            assertEquals(2, TaggedRecords.count(dir.resolve("mcelog.log.1")));
            assertEquals(1, TaggedRecords.count(log));
        } finally {
            daemon.destroyForcibly();
        }
    }

    @Test
    void anOffliningActionWithoutTheSysfsFileIsDowngradedWithMcelogsMessage() throws Exception {
        Path conf = dir.resolve("mcelog.conf");
        Files.writeString(conf, "[page]\nmemory-ce-action = soft\nmemory-ce-threshold = 1 / 24h\n");
        Path pid = dir.resolve("mcelog.pid");
        Process daemon = mcelog("--daemon", "--foreground", "--config-file", conf.toString(),
                "--socket", server.socket().toString(), "--logfile", dir.resolve("mcelog.log").toString(),
                "--pidfile", pid.toString())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        try {
            waitUntil(() -> Files.exists(pid) && device.waiters() > 0);
            // this device server has no /sys/devices/system/memory/soft_offline_page
            assertTrue(Files.readString(dir.resolve("err")).contains("mcelog: Kernel does not support page offline interface\n"),
                    Files.readString(dir.resolve("err")));
        } finally {
            daemon.destroy();
            daemon.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        Await.until(condition::getAsBoolean, Await.DEFAULT, Await.where());
    }
}
