package org.mcelogjava.daemon.server;

import java.io.IOException;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A bound on a test's blocking reads from a Unix socket channel, which has no read timeout: when
 * the deadline passes, the channel is closed under the read, which then ends with what arrived (a
 * stuck server fails the test's comparison instead of hanging it). Closing the deadline cancels it.
 */
final class ReadDeadline implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "read-deadline");
        t.setDaemon(true);
        return t;
    });

    ReadDeadline(Channel channel, Duration after) {
        timer.schedule(() -> {
            try {
                channel.close();
            } catch (IOException e) {
                // already closed
            }
        }, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
