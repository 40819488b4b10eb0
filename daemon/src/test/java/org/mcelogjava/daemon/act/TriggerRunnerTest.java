package org.mcelogjava.daemon.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.policy.TriggerRequest;
import org.mcelogjava.protocol.testing.Await;

/** Real child processes: the scripts are written to a temporary trigger directory. */
class TriggerRunnerTest {

    @TempDir
    Path dir;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService readers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void shutdown() {
        readers.shutdownNow();
        timers.shutdownNow();
    }

    private void script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private TriggerRunner runner(int childrenMax, int queueMax, Duration timeout) {
        return new TriggerRunner(Optional.of(dir), childrenMax, queueMax, timeout, readers, timers, log::add);
    }

    private static TriggerRequest request(String program, Map<String, String> env) {
        return new TriggerRequest(program, List.of(), env, "memdb");
    }

    @Test
    void runsByArgvInTheTriggerDirectoryWithOnlyTheBuiltEnvironment() throws Exception {
        script("dump-env", "{ echo \"ARGV0=$0\"; echo \"ARGS=$*\"; echo \"CWD=$(pwd)\"; /usr/bin/env | sort; } > out.txt");
        TriggerRunner r = runner(2, 4, Duration.ofSeconds(30));
        r.submit(new TriggerRequest("dump-env", List.of("305419896", "x y; rm -rf /"),
                Map.of("MESSAGE", "corrected DIMM memory error count exceeded threshold: 2 in 24h", "SOCKETID", "0"), "page_pre_soft"));
        assertTrue(r.awaitIdle(Duration.ofSeconds(20)));
        List<String> out = Files.readAllLines(dir.resolve("out.txt"));
        assertEquals("ARGV0=" + dir.resolve("dump-env"), out.get(0));
        assertEquals("ARGS=305419896 x y; rm -rf /", out.get(1), "arguments are passed verbatim, no shell");
        assertEquals("CWD=" + dir, out.get(2));
        assertTrue(out.contains("MESSAGE=corrected DIMM memory error count exceeded threshold: 2 in 24h"), out.toString());
        assertTrue(out.contains("SOCKETID=0"));
        for (String line : out.subList(3, out.size())) {
            assertTrue(line.startsWith("MESSAGE=") || line.startsWith("SOCKETID=") || line.startsWith("PWD=")
                    || line.startsWith("SHLVL=") || line.startsWith("_=") || line.startsWith("OLDPWD="), "inherited: " + line);
        }
        assertTrue(log.stream().noneMatch(line -> line.startsWith("Running trigger")),
                "the caller logs the Running line where mcelog does: " + log);
        assertEquals(new TriggerRunner.Stats(1, 0, 0, 0), r.stats());
    }

    @Test
    void aFailingTriggerIsLoggedAndCounted() throws Exception {
        script("fail", "echo about to fail\nexit 3");
        TriggerRunner r = runner(2, 4, Duration.ofSeconds(30));
        r.submit(request("fail", Map.of()));
        assertTrue(r.awaitIdle(Duration.ofSeconds(20)));
        waitFor(() -> log.contains("trigger fail: about to fail"));
        assertTrue(log.contains("Trigger `fail' exited with status 3"), log.toString());
        assertEquals(1, r.stats().failed());
    }

    @Test
    void aHungTriggerIsKilledAfterTheTimeout() throws Exception {
        script("hang", "exec sleep 600");
        TriggerRunner r = runner(2, 4, Duration.ofMillis(300));
        r.submit(request("hang", Map.of()));
        assertTrue(r.awaitIdle(Duration.ofSeconds(20)), "the kill ends the child");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Trigger `hang' still running after")), log.toString());
        assertTrue(log.contains("Trigger `hang' died with signal 15"), log.toString());
        assertEquals(1, r.stats().killed());
    }

    @Test
    void triggersBeyondChildrenMaxWaitAndBeyondTheQueueAreDropped() throws Exception {
        script("slow", "sleep 0.3\necho done >> runs.txt");
        TriggerRunner r = runner(1, 2, Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            r.submit(request("slow", Map.of()));
        }
        assertTrue(r.awaitIdle(Duration.ofSeconds(20)));
        assertEquals(3, Files.readAllLines(dir.resolve("runs.txt")).size(), "one ran at once, two waited");
        assertEquals(new TriggerRunner.Stats(3, 0, 0, 2), r.stats());
        assertEquals(2, log.stream().filter(l -> l.startsWith("Too many trigger children running already: dropped")).count());
    }

    @Test
    void aTriggerThatCannotStartIsReported() throws Exception {
        TriggerRunner r = runner(1, 1, Duration.ofSeconds(30));
        r.submit(request("missing", Map.of()));
        assertTrue(r.awaitIdle(Duration.ofSeconds(5)));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Cannot run trigger `missing'")), log.toString());
        assertEquals(1, r.stats().failed());
    }

    /** The output reader thread may lag the trigger's exit: wait for what it writes. */
    private static void waitFor(Await.Condition c) throws InterruptedException {
        Await.until(c, Duration.ofSeconds(10), Await.where());
    }
}
