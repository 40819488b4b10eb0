package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.protocol.testing.Await;

/** The installed tree's three programs as separate processes, as a user runs them (the demo: DemoIT). */
class ServicesIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();

    @TempDir
    Path dir;

    private Process start(String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(command));
        argv.set(0, HOME.resolve(command[0]).toString());
        String name = Path.of(command[0]).getFileName().toString();
        return new ProcessBuilder(argv).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    /**
     * {@code mce-sim run} on {@code sock} (4 CPUs), ready, and {@code mcelog --daemon --foreground}
     * with {@code conf} against it, its log and pidfile in the test directory; {@code ready} says
     * when the daemon is up. Both are stopped after {@code body}, the daemon first.
     */
    private void withServices(Path sock, Path conf, Path ready, ServicesBody body) throws Exception {
        Process sim = start("bin/mce-sim", "run", "--socket", sock.toString(), "--cpus", "4");
        Process daemon = null;
        try {
            waitUntil(() -> Files.exists(sock), sim);
            daemon = start("bin/mcelog", "--daemon", "--foreground", "--config-file", conf.toString(),
                    "--socket", sock.toString(), "--logfile", dir.resolve("mcelog.log").toString(),
                    "--pidfile", dir.resolve("mcelog.pid").toString());
            Process d = daemon;
            waitUntil(() -> Files.exists(ready), d);
            body.run();
        } finally {
            if (daemon != null) {
                daemon.destroy();
                daemon.waitFor(20, TimeUnit.SECONDS);
            }
            sim.destroy();
            sim.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @FunctionalInterface
    private interface ServicesBody {
        void run() throws Exception;
    }

    @Test
    void recordsInjectedIntoTheSimulatorReachTheDaemonsLog() throws Exception {
        Path sock = dir.resolve("mce-sim.sock");
        Path log = dir.resolve("mcelog.log");
        Path pid = dir.resolve("mcelog.pid");
        Path inject = dir.resolve("corrected.inject");
        try (InputStream in = getClass().getResourceAsStream("/dist/mce-inject.corrected.inject")) {
            Files.copy(in, inject);
        }
        Process sim = start("bin/mce-sim", "run", "--socket", sock.toString(), "--cpus", "4");
        Process daemon = null;
        try {
            waitUntil(() -> Files.exists(sock), sim);
            daemon = start("bin/mcelog", "--daemon", "--foreground", "--socket", sock.toString(),
                    "--logfile", log.toString(), "--pidfile", pid.toString());
            Process d = daemon;
            waitUntil(() -> Files.exists(pid), d);
            Process injector = start("bin/mce-inject", "--socket", sock.toString(), inject.toString());
            assertEquals(0, injector.waitFor(), Files.readString(dir.resolve("mce-inject.err")));
            waitUntil(() -> records(log) == 2, d);
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("CPU 0 BANK 1 \nADDR abcd \n"), text);
            assertTrue(text.contains("CPU 1 BANK 2 \nADDR 1234 \n"), text);

            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(daemon.pid())).start().waitFor());
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, daemon.exitValue());
            assertFalse(Files.exists(pid));
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(sim.pid())).start().waitFor());
            assertTrue(sim.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, sim.exitValue(), Files.readString(dir.resolve("mce-sim.err")));
            assertFalse(Files.exists(sock), "the simulator removes its socket");
        } finally {
            sim.destroyForcibly();
            if (daemon != null) {
                daemon.destroyForcibly();
            }
        }
    }

    @Test
    void theDaemonAccountsStreamsAndAnswersOnItsClientSocket() throws Exception {
        Path sock = dir.resolve("mce-sim.sock");
        Path client = dir.resolve("mcelog-client");
        Path conf = dir.resolve("mcelog.conf");
        Files.writeString(conf, "[server]\nsocket-path = " + client + "\n"
                + "[page]\nmemory-ce-threshold = 2 / 24h\nmemory-ce-log = yes\nmemory-ce-action = account\n");
        Path inject = dir.resolve("memory.inject");
        String record = "CPU 0 BANK 13\nSTATUS 0x9c00000000000090\nMISC 0x8c\nADDR 0x12345000\n";
        Files.writeString(inject, record + record);
        withServices(sock, conf, client, () -> {
            try (SocketChannel reader = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                reader.connect(UnixDomainSocketAddress.of(client));
                reader.write(ByteBuffer.wrap("subscribe 1 json\n".getBytes(StandardCharsets.US_ASCII)));
                BufferedReader lines = new BufferedReader(Channels.newReader(reader, StandardCharsets.UTF_8));
                assertEquals("ok 1 json", lines.readLine());
                assertTrue(lines.readLine().startsWith("{\"type\":\"hello\""));
                Process injector = start("bin/mce-inject", "--socket", sock.toString(), inject.toString());
                assertEquals(0, injector.waitFor(), Files.readString(dir.resolve("mce-inject.err")));
                String first = lines.readLine();
                String second = lines.readLine();
                assertTrue(first.startsWith("{\"type\":\"record\",\"schema\":1,\"seq\":1,"), first);
                assertTrue(first.contains("\"class\":\"corrected\"") && first.contains("\"page\":\"0x12345000\""), first);
                assertTrue(second.contains("\"seq\":2,"), second);
            }
            String pages = ask(client, "pages\n", "done\n");
            assertTrue(pages.startsWith("Per page corrected memory statistics:\n12345000: total 2 seen \"2 in 24h\" online triggered\n"),
                    pages);
            String log = Files.readString(dir.resolve("mcelog.log"), StandardCharsets.ISO_8859_1);
            assertTrue(log.contains("Corrected memory errors on page 12345000 exceed threshold 2 in 24h: 2 in 24h\n"), log);
        });
        assertFalse(Files.exists(client), "the client socket is removed at exit");
    }

    /**
     * A cache error with the "yellow" threshold status runs the cache trigger with the CPUs sharing
     * that cache, which the daemon read from the simulator's sysfs; the trigger takes them offline
     * there, as mcelog's cache-error-trigger does.
     */
    @Test
    void theCacheTriggerGetsTheCpusSharingTheCacheAndOfflinesThem() throws Exception {
        Path sock = dir.resolve("mce-sim.sock");
        Path affected = dir.resolve("affected");
        Path trigger = dir.resolve("offline-sharers");
        Files.writeString(trigger, "#!/bin/sh\n"
                + "JAVA_HOME='" + System.getProperty("java.home") + "'; export JAVA_HOME\n"
                + "echo \"$AFFECTED_CPUS\" > '" + affected + "'\n"
                + "for cpu in $AFFECTED_CPUS; do\n"
                + "  '" + HOME.resolve("bin/mce-sim") + "' sysfs --socket '" + sock + "' write"
                + " /sys/devices/system/cpu/cpu$cpu/online 0 || exit 1\n"
                + "done\n");
        assertTrue(trigger.toFile().setExecutable(true));
        Path conf = dir.resolve("mcelog.conf");
        Files.writeString(conf, "[server]\nsocket-path =\n[cache]\ncache-threshold-trigger = " + trigger + "\n");
        Path inject = dir.resolve("yellow.inject");
        // A generic cache read error with LL = 01, corrected, threshold status "yellow" (STATUS bits
        // 54:53 = 10). mcelog counts cache levels from LL + 1: "Level-2", looked up as the unified L2.
        Files.writeString(inject, "CPU 2 BANK 3\nSTATUS 0x9040000000000119\n");
        withServices(sock, conf, dir.resolve("mcelog.pid"), () -> {
            Process injector = start("bin/mce-inject", "--socket", sock.toString(), inject.toString());
            assertEquals(0, injector.waitFor(), Files.readString(dir.resolve("mce-inject.err")));
            Await.until(() -> cpu2Online(sock).equals("0"), Duration.ofSeconds(20),
                    "CPU 2 taken offline by the trigger", () -> "log: " + readLog(dir));
            String log = readLog(dir);
            assertEquals("2\n", Files.readString(affected), "single-threaded cores: the L2 is CPU 2's alone");
            assertTrue(log.contains("CPU 2 on socket 0 has large number of corrected cache errors in Level-2 Generic\n"),
                    log);
            assertFalse(log.contains("Cannot find sysfs cache"), log);
        });
    }

    /** The daemon names DIMMs after the simulated firmware's SMBIOS memory devices, as mcelog's prefill does. */
    @Test
    void theClientDumpNamesTheDimmsAfterTheFirmwaresTables() throws Exception {
        Path sock = dir.resolve("mce-sim.sock");
        Path client = dir.resolve("mcelog-client");
        Path conf = dir.resolve("mcelog.conf");
        Files.writeString(conf, "[server]\nsocket-path = " + client + "\n");
        withServices(sock, conf, client, () -> {
            Process query = new ProcessBuilder(HOME.resolve("bin/mcelog").toString(), "--client", "--config-file",
                    conf.toString()).redirectErrorStream(true).start();
            String dump = new String(query.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, query.waitFor(), dump);
            assertTrue(dump.contains("SOCKET 0 CHANNEL 2 DIMM 1\nDMI_NAME \"CPU0_DIMM_C2\" "
                    + "DMI_LOCATION \"P0_Node0_Channel2_Dimm1\"\ncorrected memory errors:\n"), dump);
            assertEquals("", Files.readString(dir.resolve("mcelog.err")), "DMI found and sane: nothing to say");
        });
    }

    /** Sends a command on the daemon's client socket and reads until the reply ends with {@code end}. */
    private static String ask(Path socket, String command, String end) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(command.getBytes(StandardCharsets.US_ASCII)));
            StringBuilder reply = new StringBuilder();
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (!reply.toString().endsWith(end) && ch.read(in) >= 0) {
                in.flip();
                reply.append(StandardCharsets.ISO_8859_1.decode(in));
                in.clear();
            }
            return reply.toString();
        }
    }

    private static long records(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.startsWith("Hardware event.")).count() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String readLog(Path dir) {
        try {
            return Files.readString(dir.resolve("mcelog.log"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(" + dir.resolve("mcelog.log") + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** /sys/devices/system/cpu/cpu2/online as {@code mce-sim sysfs read} prints it, stripped. */
    private static String cpu2Online(Path sock) throws IOException, InterruptedException {
        Process sysfs = new ProcessBuilder(HOME.resolve("bin/mce-sim").toString(), "sysfs", "--socket", sock.toString(),
                "read", "/sys/devices/system/cpu/cpu2/online").redirectErrorStream(true).start();
        String online = new String(sysfs.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        sysfs.waitFor();
        return online;
    }

    private static void waitUntil(BooleanSupplier condition, Process p) throws InterruptedException {
        String where = Await.where();
        Await.until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError(where + ": the process exited (" + p.info().commandLine().orElse("pid "
                        + p.pid()) + ")");
            }
            return condition.getAsBoolean();
        }, Duration.ofSeconds(30), where);
    }
}
