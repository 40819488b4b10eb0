package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.protocol.testing.Await;

/**
 * The daemon keeps one connection to the simulator's device for everything it does there: its start-up checks,
 * records, reading the CPUs' cache sysfs for a cache trigger, and writing {@code soft_offline_page}
 * for each page it takes offline (issue 15). Counted at a {@link DeviceProxy} between bin/mcelog and
 * {@code bin/mce-sim run}.
 */
class OneDeviceConnectionIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();
    private static final int PAGES = 20;

    @TempDir
    Path dir;

    private Process start(String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(command));
        argv.set(0, HOME.resolve(command[0]).toString());
        String name = Path.of(command[0]).getFileName().toString();
        return new ProcessBuilder(argv).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    @Test
    void cacheLookupsAndPageOfflinesUseTheConnectionTheDaemonReadsOn() throws Exception {
        Path sock = dir.resolve("mce-sim.sock");
        Path log = dir.resolve("mcelog.log");
        Path trigger = dir.resolve("cache-trigger");
        Files.writeString(trigger, "#!/bin/sh\necho \"sharing: $AFFECTED_CPUS\"\n");
        assertTrue(trigger.toFile().setExecutable(true));
        Path conf = Files.writeString(dir.resolve("mcelog.conf"), "[server]\nsocket-path =\n"
                + "[page]\nmemory-ce-threshold = 1 / 24h\nmemory-ce-action = soft\n"
                + "[cache]\ncache-threshold-trigger = " + trigger + "\n");
        StringBuilder records = new StringBuilder();
        for (int page = 1; page <= PAGES; page++) { // a corrected memory read error on a page of its own
            records.append("CPU 0 BANK 13\nSTATUS 0x9c00000000000090\nMISC 0x8c\nADDR 0x")
                    .append(Long.toHexString(0x12340000L + page * 0x1000L)).append("\n\n");
        }
        // a generic L2 cache read error with the "yellow" threshold status: the cache trigger, after a cache lookup
        records.append("CPU 2 BANK 3\nSTATUS 0x9040000000000119\n");
        Path inject = Files.writeString(dir.resolve("records.inject"), records);

        Process sim = start("bin/mce-sim", "run", "--socket", sock.toString(), "--cpus", "4");
        Process daemon = null;
        try (DeviceProxy proxy = waitForSocket(sock, sim)) {
            daemon = start("bin/mcelog", "--daemon", "--foreground", "--config-file", conf.toString(),
                    "--socket", proxy.socket().toString(), "--logfile", log.toString(),
                    "--pidfile", dir.resolve("mcelog.pid").toString());
            Process d = daemon;
            Await.until(() -> Files.exists(dir.resolve("mcelog.pid")), Duration.ofSeconds(30), "the daemon's pidfile",
                    () -> "alive " + d.isAlive() + ", stderr: " + text(dir.resolve("mcelog.err")));
            Process injector = start("bin/mce-inject", "--socket", sock.toString(), inject.toString());
            assertEquals(0, injector.waitFor(), text(dir.resolve("mce-inject.err")));
            Await.until(() -> text(log).contains("sharing: 2"), Duration.ofSeconds(30),
                    "every page offlined and the cache trigger run", () -> text(log));
            String text = text(log);
            long offlined = text.lines().filter(l -> l.startsWith("Offlining page ")).count();
            assertEquals(PAGES, offlined, text);
            // one connection: mcelog's start-up checks (the CPU and DMI tables, the page offline interface)
            // read the machine through the connection the daemon then reads the device on; not one per
            // check (that was 3), nor per cache lookup or page offline (that was 3 + 21 here)
            assertEquals(1, proxy.connections(), "connections to the simulator's device");
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(daemon.pid())).start().waitFor());
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, daemon.exitValue(), text(dir.resolve("mcelog.err")));
        } finally {
            if (daemon != null) {
                daemon.destroyForcibly();
            }
            sim.destroy();
            sim.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private DeviceProxy waitForSocket(Path sock, Process sim) throws Exception {
        Await.until(() -> Files.exists(sock), Duration.ofSeconds(30), "mce-sim's socket " + sock,
                () -> "alive " + sim.isAlive() + ", stderr: " + text(dir.resolve("mce-sim.err")));
        return new DeviceProxy(dir.resolve("proxy.sock"), sock);
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
