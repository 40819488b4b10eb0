package org.mcelogjava.daemon.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.testing.Await;

class SignalTrapsTest {

    @Test
    void aTrappedSignalRunsTheAction() throws Exception {
        CountDownLatch got = new CountDownLatch(2);
        SignalTraps.trap("USR1", got::countDown);
        long pid = ProcessHandle.current().pid();
        for (int handled = 1; handled <= 2; handled++) {
            assertEquals(0, new ProcessBuilder("kill", "-USR1", Long.toString(pid)).start().waitFor());
            long left = 2 - handled;
            // signals of one kind coalesce while pending: the next is sent once this one is handled
            Await.until(() -> got.getCount() == left, Duration.ofSeconds(10), "USR1 number " + handled + " handled");
        }
    }

    @Test
    void anUnknownSignalIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignalTraps.trap("NOPE", () -> { }));
        assertTrue(e.getMessage().startsWith("cannot trap SIGNOPE"), e.getMessage());
    }
}
