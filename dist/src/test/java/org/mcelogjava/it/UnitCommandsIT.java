package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both shipped units' ExecStart lines, run for real as systemd would run them (the same jsvc
 * invocations, word for word), with their paths moved under a temporary directory: the simulator
 * and the daemon start, records injected with mce-inject reach the log and `mcelog --client`,
 * the unit's ExecReload rotates the log, SIGTERM to each jsvc (the unit's main process) stops it
 * with status 0, and the pidfiles and sockets are gone.
 */
class UnitCommandsIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** The installed paths, and where this test puts them. */
    private Map<String, String> moves() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("/opt/mcelog-java/conf/mcelog.conf", dir.resolve("mcelog.conf").toString());
        m.put("/opt/mcelog-java", HOME.toString());
        m.put("/run/mce-sim", dir.resolve("run/mce-sim").toString());
        m.put("/run/mcelog", dir.resolve("run/mcelog").toString());
        m.put("/var/log/mcelog-java", dir.resolve("log/mcelog-java").toString());
        m.put("${JAVA_HOME}", System.getProperty("java.home"));
        return m;
    }

    private String moved(String text) {
        for (Map.Entry<String, String> e : moves().entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        return text;
    }

    /** A unit's {@code key=} line, continuations joined, paths moved, split into words as systemd does. */
    private List<String> command(String unit, String key) throws IOException {
        String text = Files.readString(HOME.resolve("systemd/" + unit)).replace("\\\n", " ");
        for (String line : text.split("\n")) {
            if (line.startsWith(key + "=")) {
                return List.of(moved(line.substring(key.length() + 1)).trim().split("\\s+"));
            }
        }
        throw new AssertionError(unit + " has no " + key);
    }

    private Process run(List<String> argv, String name) throws IOException {
        Process p = new ProcessBuilder(argv).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        started.add(p);
        return p;
    }

    @Test
    void bothUnitsStartServeRotateAndStopAsSystemdRunsThem() throws Exception {
        for (String d : List.of("run/mce-sim", "run/mcelog", "log/mcelog-java")) {
            Files.createDirectories(dir.resolve(d)); // RuntimeDirectory= and LogsDirectory=
        }
        Files.writeString(dir.resolve("mcelog.conf"), moved(Files.readString(HOME.resolve("conf/mcelog.conf"))));
        Path simSocket = dir.resolve("run/mce-sim/mcelog");
        Path client = dir.resolve("run/mcelog/client");
        Path log = dir.resolve("log/mcelog-java/mcelog");

        Process sim = run(command("mce-sim.service", "ExecStart"), "mce-sim");
        waitUntil(() -> Files.exists(simSocket), sim, "mce-sim");
        Process daemon = run(command("mcelog.service", "ExecStart"), "mcelog");
        waitUntil(() -> Files.exists(dir.resolve("run/mcelog/mcelog.pid")) && Files.exists(client), daemon, "mcelog");

        inject(simSocket);
        waitUntil(() -> TaggedRecords.count(log) == 2, daemon, "mcelog");
        Process query = new ProcessBuilder(HOME.resolve("bin/mcelog").toString(), "--client", "--config-file",
                dir.resolve("mcelog.conf").toString()).redirectErrorStream(true).start();
        String answer = new String(query.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, query.waitFor(), answer);
        assertTrue(answer.contains("corrected memory errors:\n\t2 total"), "--client: " + answer);

        Files.move(log, dir.resolve("log/mcelog-java/mcelog.1"));
        List<String> reload = new ArrayList<>(command("mcelog.service", "ExecReload"));
        reload.replaceAll(w -> w.equals("$MAINPID") ? Long.toString(daemon.pid()) : w);
        assertEquals(0, new ProcessBuilder(reload).start().waitFor());
        waitUntil(() -> Files.exists(log), daemon, "mcelog");
        inject(simSocket);
        waitUntil(() -> TaggedRecords.count(log) == 2, daemon, "mcelog");
        assertEquals(2, TaggedRecords.count(dir.resolve("log/mcelog-java/mcelog.1")));

        for (Process p : List.of(daemon, sim)) { // KillSignal=SIGTERM to the main process, mcelog first
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve((p == sim ? "mce-sim" : "mcelog") + ".err")));
        }
        for (String gone : List.of("run/mcelog/jsvc.pid", "run/mcelog/mcelog.pid", "run/mcelog/client",
                "run/mce-sim/jsvc.pid", "run/mce-sim/mcelog")) {
            assertFalse(Files.exists(dir.resolve(gone)), gone + " is left behind");
        }
    }

    /** Two corrected memory errors on one page, through the legacy write path as mce-inject does. */
    private void inject(Path socket) throws Exception {
        Path input = dir.resolve("memory.inject");
        String record = "CPU 0 BANK 13\nSTATUS 0x9c00000000000090\nMISC 0x8c\nADDR 0x12345000\n";
        Files.writeString(input, record + record);
        Process p = new ProcessBuilder(HOME.resolve("bin/mce-inject").toString(), "--socket", socket.toString(),
                input.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    private void waitUntil(BooleanSupplier condition, Process p, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                throw new AssertionError(name + " alive=" + p.isAlive() + "; stderr: "
                        + Files.readString(dir.resolve(name + ".err")));
            }
            Thread.sleep(20); // real child processes: wait for them, bounded
        }
    }
}
