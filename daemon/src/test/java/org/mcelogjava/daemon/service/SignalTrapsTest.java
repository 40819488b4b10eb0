package org.mcelogjava.daemon.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignalTrapsTest {

    @Test
    void aTrappedSignalRunsTheAction() throws Exception {
        CountDownLatch got = new CountDownLatch(2);
        SignalTraps.trap("USR1", got::countDown);
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < 2; i++) {
            assertEquals(0, new ProcessBuilder("kill", "-USR1", Long.toString(pid)).start().waitFor());
            Thread.sleep(50); // signals of one kind coalesce while pending: let the first be handled
        }
        assertTrue(got.await(10, TimeUnit.SECONDS), "both USR1 signals handled");
    }

    @Test
    void anUnknownSignalIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignalTraps.trap("NOPE", () -> { }));
        assertTrue(e.getMessage().startsWith("cannot trap SIGNOPE"), e.getMessage());
    }
}
