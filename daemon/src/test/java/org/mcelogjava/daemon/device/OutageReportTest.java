package org.mcelogjava.daemon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mcelogjava.client.DeviceUnreachableException;

/** A device that stays away is reported at once, after 1 and 10 minutes, then hourly, and when it comes. */
class OutageReportTest {

    private final AtomicLong clock = new AtomicLong(5_000_000);
    private final List<String> log = new ArrayList<>();

    @Test
    void aDaemonWaitingForItsDeviceSaysSoAtAFallingRateAndWhenItCame() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        DeviceWait wait = new DeviceWait("/run/mce-sim/mcelog", clock::get, log::add, 1);
        // each attempt takes 30 virtual seconds; the 250th (after 2 h 4 min 30 s) finds the device
        Optional<String> got = wait.await(() -> {
            if (attempts.incrementAndGet() < 250) {
                clock.addAndGet(30_000);
                throw new DeviceUnreachableException("/run/mce-sim/mcelog", "No such file or directory", true, null);
            }
            return "device";
        });
        assertEquals(Optional.of("device"), got);
        assertEquals(List.of(
                "waiting for /run/mce-sim/mcelog: No such file or directory",
                "still waiting for /run/mce-sim/mcelog after 1 min: No such file or directory",
                "still waiting for /run/mce-sim/mcelog after 10 min: No such file or directory",
                "still waiting for /run/mce-sim/mcelog after 1 h: No such file or directory",
                "still waiting for /run/mce-sim/mcelog after 2 h: No such file or directory",
                "got /run/mce-sim/mcelog after 2 h 4 min"), log);
    }

    @Test
    void aDeviceThatIsThereIsTakenSilently() throws Exception {
        assertEquals(Optional.of(1), new DeviceWait("d", clock::get, log::add, 1).await(() -> 1));
        assertEquals(List.of(), log);
    }

    @Test
    void stopEndsAWaitFromAnotherThread() throws Exception {
        DeviceWait wait = new DeviceWait("d", clock::get, log::add, 60_000);
        CompletableFuture<Optional<Object>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return wait.await(() -> {
                    throw new IOException("Connection refused");
                });
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        while (log.isEmpty()) {
            Thread.onSpinWait(); // until the first attempt has failed and the wait sleeps
        }
        wait.stop();
        assertEquals(Optional.empty(), waiting.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("waiting for d: Connection refused"), log);
    }

    @Test
    void aSecondOutageBeginsAfresh() {
        OutageReport report = new OutageReport("dev", clock::get, log::add);
        report.failed("lost dev", "gone");
        clock.addAndGet(61_000);
        report.failed("lost dev", "gone");
        report.ended("back", false);
        assertTrue(!report.ongoing());
        report.failed("lost dev again", "gone");
        assertEquals(List.of("lost dev", "still waiting for dev after 1 min: gone", "back", "lost dev again"), log);
    }
}
