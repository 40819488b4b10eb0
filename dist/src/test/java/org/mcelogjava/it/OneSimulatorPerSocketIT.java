package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mcelogjava.it.InstalledCommands.read;
import static org.mcelogjava.it.InstalledCommands.waitUntil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed simulator and daemon as processes around one socket: a second simulator on a live
 * socket is refused and the first keeps serving; a socket left by a killed simulator is taken over;
 * a daemon started before its simulator waits for it and says so; a normal start says nothing.
 */
class OneSimulatorPerSocketIT {

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(Process::destroyForcibly);
    }

    private Process start(InstalledCommands commands, String... command) throws Exception {
        Process p = commands.start(Map.of(), false, command);
        started.add(p);
        return p;
    }

    private static void awaitSocket(Process sim, Path socket, InstalledCommands commands) {
        waitUntil(() -> Files.exists(socket), 60, () -> "mce-sim did not serve " + socket + ": " + commands.err());
        assertTrue(sim.isAlive(), commands.err());
    }

    @Test
    void aLiveSocketIsRefusedAndAStaleOneIsTakenOver() throws Exception {
        Path socket = dir.resolve("mce.sock");
        InstalledCommands first = new InstalledCommands(dir.resolve("first"));
        Files.createDirectories(dir.resolve("first"));
        Process sim = start(first, "mce-sim", "run", "--socket", socket.toString());
        awaitSocket(sim, socket, first);

        InstalledCommands others = new InstalledCommands(dir);
        InstalledCommands.Result second = others.run("mce-sim", "run", "--socket", socket.toString());
        assertEquals(1, second.status(), second.toString());
        assertEquals("mce-sim run: " + socket + " is in use by a running simulator (pid " + sim.pid()
                + "); stop it first or choose another --socket\n", second.err(), second.toString());
        InstalledCommands.Result stillServing = others.run("mce-sim", "lsmod", "--socket", socket.toString());
        assertEquals(0, stillServing.status(), "the first still answers: " + stillServing);
        assertTrue(sim.isAlive());

        new ProcessBuilder("kill", "-KILL", Long.toString(sim.pid())).start().waitFor();
        assertTrue(sim.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(socket), "a killed simulator leaves its socket behind");
        InstalledCommands third = new InstalledCommands(dir.resolve("third"));
        Files.createDirectories(dir.resolve("third"));
        Process taker = start(third, "mce-sim", "run", "--socket", socket.toString());
        waitUntil(() -> others.runQuietly("mce-sim", "lsmod", "--socket", socket.toString()) == 0 || !taker.isAlive(),
                60, () -> "the stale socket was not taken over: " + third.err());
        assertTrue(taker.isAlive(), third.err());
    }

    @Test
    void aDaemonStartedBeforeItsSimulatorWaitsSaysSoAndThenLogs() throws Exception {
        Path socket = dir.resolve("late.sock");
        Path log = dir.resolve("mcelog.log");
        InstalledCommands daemonSide = new InstalledCommands(dir.resolve("daemon"));
        Files.createDirectories(dir.resolve("daemon"));
        Process daemon = start(daemonSide, "mcelog", "--daemon", "--foreground", "--no-dmi", "--config-file",
                privateClientSocket().toString(), "--socket", socket.toString(), "--logfile", log.toString());
        waitUntil(() -> daemonSide.err().contains("waiting for"), 60, daemonSide::err);
        assertEquals("mcelog: waiting for " + socket + ": No such file or directory\n", daemonSide.err());
        assertTrue(daemon.isAlive());

        InstalledCommands simSide = new InstalledCommands(dir.resolve("sim"));
        Files.createDirectories(dir.resolve("sim"));
        Process sim = start(simSide, "mce-sim", "run", "--cpus", "4", "--socket", socket.toString());
        awaitSocket(sim, socket, simSide);
        waitUntil(() -> daemonSide.err().contains("mcelog: got " + socket + " after "), 60, daemonSide::err);
        Path inject = Files.writeString(dir.resolve("one.inject"), "CPU 1 BANK 2 STATUS corrected ADDR 0x1234\n");
        InstalledCommands.Result injected = new InstalledCommands(dir).run("mce-inject", "--socket", socket.toString(),
                inject.toString());
        assertEquals(0, injected.status(), injected.toString());
        waitUntil(() -> read(log).contains("ADDR 1234"), 60, () -> read(log) + daemonSide.err());

        daemon.destroy(); // SIGTERM
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue(), daemonSide.err());
        assertEquals(2, daemonSide.err().lines().count(), "waiting, got: nothing else\n" + daemonSide.err());
    }

    @Test
    void aNormalStartAgainstARunningSimulatorSaysNothingOnStderr() throws Exception {
        Path socket = dir.resolve("quiet.sock");
        InstalledCommands simSide = new InstalledCommands(dir.resolve("sim"));
        Files.createDirectories(dir.resolve("sim"));
        Process sim = start(simSide, "mce-sim", "run", "--cpus", "4", "--socket", socket.toString());
        awaitSocket(sim, socket, simSide);

        InstalledCommands.Result oneShot = new InstalledCommands(dir).run("mcelog", "--socket", socket.toString());
        assertEquals(0, oneShot.status(), oneShot.toString());
        assertEquals("", oneShot.err(), oneShot.toString());

        InstalledCommands daemonSide = new InstalledCommands(dir.resolve("daemon"));
        Files.createDirectories(dir.resolve("daemon"));
        Path pid = dir.resolve("mcelog.pid");
        Process daemon = start(daemonSide, "mcelog", "--daemon", "--foreground", "--config-file",
                privateClientSocket().toString(), "--socket", socket.toString(),
                "--logfile", dir.resolve("mcelog.log").toString(), "--pidfile", pid.toString());
        waitUntil(() -> Files.exists(pid), 60, daemonSide::err);
        daemon.destroy();
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue(), daemonSide.err());
        assertEquals("", daemonSide.err());
    }

    /**
     * A configuration whose only setting is a client socket of this test's own: the default,
     * /var/run/mcelog-client, is one per machine, and another daemon there makes this one say so.
     */
    private Path privateClientSocket() throws IOException {
        return Files.writeString(dir.resolve("mcelog.conf"), "[server]\nsocket-path = " + dir.resolve("client") + "\n");
    }
}
