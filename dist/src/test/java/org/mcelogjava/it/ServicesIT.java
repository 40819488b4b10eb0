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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.protocol.testing.Await;

/** The installed tree's three programs as separate processes, as a user runs them (the demo: DemoIT). */
class ServicesIT {

    private static final Path HOME = RunningTree.HOME;

    @TempDir
    Path dir;

    /**
     * {@code mce-sim run} on {@code sock} (4 CPUs), ready, and {@code mcelog --daemon --foreground}
     * with {@code conf} against it, its log and pidfile in the test directory; {@code ready} says
     * when the daemon is up. Both are stopped after {@code body}, the daemon first.
     */
    private void withServices(Path sock, Path conf, Path ready, ServicesBody body) throws Exception {
        try (RunningTree tree = new RunningTree(dir)) {
            tree.simulator(sock);
            tree.daemon(sock, conf, ready);
            body.run(tree);
        }
    }

    @FunctionalInterface
    private interface ServicesBody {
        void run(RunningTree tree) throws Exception;
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
        try (RunningTree tree = new RunningTree(dir)) {
            Process sim = tree.simulator(sock);
            Process daemon = tree.start("bin/mcelog", "--daemon", "--foreground", "--socket", sock.toString(),
                    "--logfile", log.toString(), "--pidfile", pid.toString());
            tree.waitUntil(() -> Files.exists(pid), daemon);
            tree.inject(sock, inject);
            tree.waitUntil(() -> TaggedRecords.count(log) == 2, daemon);
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("CPU 0 BANK 1 \nADDR abcd \n"), text);
            assertTrue(text.contains("CPU 1 BANK 2 \nADDR 1234 \n"), text);

            tree.stop(daemon);
            assertFalse(Files.exists(pid));
            tree.stop(sim);
            assertFalse(Files.exists(sock), "the simulator removes its socket");
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
        withServices(sock, conf, client, tree -> {
            try (SocketChannel reader = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                reader.connect(UnixDomainSocketAddress.of(client));
                reader.write(ByteBuffer.wrap("subscribe 1 json\n".getBytes(StandardCharsets.US_ASCII)));
                BufferedReader lines = new BufferedReader(Channels.newReader(reader, StandardCharsets.UTF_8));
                assertEquals("ok 1 json", lines.readLine());
                assertTrue(lines.readLine().startsWith("{\"type\":\"hello\""));
                tree.inject(sock, inject);
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
        withServices(sock, conf, dir.resolve("mcelog.pid"), tree -> {
            tree.inject(sock, inject);
            Await.until(() -> cpu2Online(sock).equals("0"), Duration.ofSeconds(20),
                    "CPU 2 taken offline by the trigger", () -> "log: " + tree.read("mcelog.log"));
            String log = tree.read("mcelog.log");
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
        withServices(sock, conf, client, tree -> {
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

    /** /sys/devices/system/cpu/cpu2/online as {@code mce-sim sysfs read} prints it, stripped. */
    private static String cpu2Online(Path sock) throws IOException, InterruptedException {
        Process sysfs = new ProcessBuilder(HOME.resolve("bin/mce-sim").toString(), "sysfs", "--socket", sock.toString(),
                "read", "/sys/devices/system/cpu/cpu2/online").redirectErrorStream(true).start();
        String online = new String(sysfs.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        sysfs.waitFor();
        return online;
    }
}
