package org.mcelogjava.daemon.device;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.mcelogjava.client.DeviceUnreachableException;
import org.mcelogjava.client.IoReason;

/**
 * A daemon started before its device: retries opening it until it opens or the daemon is stopped,
 * reporting through an {@link OutageReport} ("waiting for DEVICE: REASON", "still waiting ...",
 * "got DEVICE after N"). This is the decision for a service that systemd may start before the
 * simulator's socket exists; a one-shot run does not wait (mcelog exits when the device cannot be
 * opened).
 */
public final class DeviceWait {

    /** One attempt to open the device. */
    @FunctionalInterface
    public interface Attempt<T> {
        T open() throws IOException;
    }

    private final String device;
    private final LongSupplier clockMillis;
    private final Consumer<String> log;
    private final long retryMillis;
    private volatile boolean stopping;

    /**
     * @param retryMillis the pause between attempts (real time)
     */
    public DeviceWait(String device, LongSupplier clockMillis, Consumer<String> log, long retryMillis) {
        this.device = device;
        this.clockMillis = clockMillis;
        this.log = log;
        this.retryMillis = retryMillis;
    }

    /** What {@code attempt} opened, or empty when {@link #stop()} ended the wait first. */
    public <T> Optional<T> await(Attempt<T> attempt) throws InterruptedException {
        OutageReport report = new OutageReport(device, clockMillis, log);
        while (!stopping) {
            try {
                T opened = attempt.open();
                report.ended("got " + device, true);
                return Optional.of(opened);
            } catch (IOException e) {
                String reason = e instanceof DeviceUnreachableException u ? u.reason() : IoReason.of(e);
                report.failed("waiting for " + device + ": " + reason, reason);
            }
            synchronized (this) {
                if (!stopping) {
                    wait(retryMillis);
                }
            }
        }
        return Optional.empty();
    }

    /** Ends the wait from any thread. */
    public void stop() {
        synchronized (this) {
            stopping = true;
            notifyAll();
        }
    }
}
