package org.mcelogjava.kernelsim.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.protocol.testing.Await;

class TriggerHelperTest {

    /** A workqueue the test drains by hand, so coalescing is visible. */
    private final Queue<Runnable> work = new ArrayDeque<>();
    private final List<String> klog = new ArrayList<>();
    private final TriggerHelper trigger = new TriggerHelper(work::add, klog::add);

    @Test
    void storeKeepsTheFirstLineAndCountsTheStrippedNewline() {
        assertEquals(13, trigger.store("/bin/trigger\n"));
        assertEquals("/bin/trigger\n", trigger.show());
        assertEquals(4, trigger.store("/abc"));
        assertEquals(3, trigger.store("/a\n/b"));
        assertEquals("/a\n", trigger.show());
    }

    @Test
    void storeKeepsAtMost127Characters() {
        String longPath = "/" + "x".repeat(200);
        assertEquals(127, trigger.store(longPath));
        assertEquals(longPath.substring(0, 127) + "\n", trigger.show());
    }

    @Test
    void noHelperMeansNoWork() {
        trigger.fire();
        assertTrue(work.isEmpty());
    }

    @Test
    void aPendingRunIsNotQueuedTwice() {
        trigger.store("/nonexistent/helper");
        trigger.fire();
        trigger.fire();
        trigger.fire();
        assertEquals(1, work.size());
        work.poll().run();
        trigger.fire();
        assertEquals(1, work.size(), "once the work ran, the next record queues it again");
    }

    @Test
    void runsTheProgramWithNoArgumentsAndAnEmptyEnvironment(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("seen");
        Path script = dir.resolve("trigger.sh");
        Files.writeString(script, "#!/bin/sh\n{ echo \"args=$#\"; /usr/bin/env; } > " + out + ".tmp\nmv "
                + out + ".tmp " + out + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        trigger.store(script.toString());
        trigger.fire();
        work.poll().run();

        Await.until(() -> Files.exists(out), Duration.ofSeconds(10), "the trigger's output file " + out);
        List<String> lines = Files.readAllLines(out);
        assertEquals("args=0", lines.get(0));
        // sh may export PWD (and OLDPWD/SHLVL) itself; nothing may come from our environment.
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.startsWith("PWD=") || line.startsWith("SHLVL=") || line.startsWith("OLDPWD=")
                    || line.startsWith("_="), "inherited variable: " + line);
        }
    }

    @Test
    void aHelperThatCannotStartIsReportedInTheKernelLog() throws IOException {
        trigger.store("/nonexistent/helper");
        trigger.fire();
        work.poll().run();
        assertEquals(1, klog.size());
        assertTrue(klog.get(0).startsWith("mce: trigger /nonexistent/helper failed to start"), klog.get(0));
    }
}
