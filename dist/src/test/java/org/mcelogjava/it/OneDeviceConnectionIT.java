package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    private static final int PAGES = 20;

    @TempDir
    Path dir;

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

        try (RunningTree tree = new RunningTree(dir);
             DeviceProxy proxy = new DeviceProxy(dir.resolve("proxy.sock"), sock)) {
            tree.simulator(sock);
            Process daemon = tree.daemon(proxy.socket(), conf);
            tree.inject(sock, inject);
            Await.until(() -> text(log).contains("sharing: 2"), Duration.ofSeconds(30),
                    "every page offlined and the cache trigger run", () -> text(log));
            String text = text(log);
            long offlined = text.lines().filter(l -> l.startsWith("Offlining page ")).count();
            assertEquals(PAGES, offlined, text);
            // one connection: mcelog's start-up checks (the CPU and DMI tables, the page offline interface)
            // read the machine through the connection the daemon then reads the device on; not one per
            // check (that was 3), nor per cache lookup or page offline (that was 3 + 21 here)
            assertEquals(1, proxy.connections(), "connections to the simulator's device");
            tree.stop(daemon);
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
