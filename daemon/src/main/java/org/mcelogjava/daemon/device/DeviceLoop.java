package org.mcelogjava.daemon.device;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.client.IoReason;

/**
 * The daemon's event loop on the device: sleep in poll, read the whole log, hand the batch on,
 * forever. Records already pending at start are read at once (the first poll returns at once, as
 * in mcelog).
 *
 * <p>Unlike mcelog, which dies with its device, the loop survives the simulator going away: it
 * says so once (again 1 and 10 minutes into the outage and then hourly, {@link OutageReport}),
 * reconnects with exponential backoff and resumes. Records the kernel logged
 * meanwhile wait in its buffer. Each batch is read held and acknowledged only once the handler
 * has returned and the durable sinks that commit on a thread of their own (the history) hold it
 * ({@link Acknowledgements}), so a batch in hand when the connection (or the daemon) died is
 * delivered again, with the same numbers. The loop reads and handles the next batches meanwhile,
 * as long as the device holds fewer than its log length of unacknowledged records (more would be
 * refused with EBUSY, PROTOCOL.md READ_HELD); then it waits for the disk. The loop recognises a
 * redelivered batch by its records' identity ({@link AppliedRecords}): the handler never sees a
 * record it has applied, so every step behind it applies each record once. A refusal that
 * retrying cannot cure (another daemon holds the device: EBUSY; no permission: EACCES/EPERM) ends
 * the loop with that error.
 */
public final class DeviceLoop {

    /** Receives each batch in the order read, without the records it has applied already. */
    @FunctionalInterface
    public interface Handler {
        void batch(Batch batch);

        /**
         * Every step has applied {@code batch} (what {@link #batch} received) as far as the loop
         * keeps track: called at once, so a mark kept here (the log journal) is never behind the device.
         */
        default void applied(Batch batch) {
        }

        /**
         * When the durable sinks that commit on their own thread (the history) hold {@code batch};
         * the loop acknowledges it to the device only then.
         */
        default CompletionStage<?> stored(Batch batch) {
            return DONE;
        }

        /**
         * Records the device gave back that the loop had applied before (below its mark, which the
         * log journal carries across a restart): nobody sees them again, except a durable sink that
         * keeps a mark of its own and may lack them (the history, killed before its commit).
         *
         * @return when those sinks hold them; the loop acknowledges them only then
         */
        default CompletionStage<?> alreadyApplied(Batch batch) {
            return DONE;
        }
    }

    private static final CompletionStage<?> DONE = CompletableFuture.completedFuture(null);

    /** Opens the device; the loop calls it at start and after every lost connection. */
    @FunctionalInterface
    public interface Opener {
        RecordDevice open() throws IOException, DeviceException;
    }

    private final Opener opener;
    private final String deviceName;
    private final Handler handler;
    private final AppliedRecords applied;
    private final Consumer<String> diagnostics;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final LongSupplier clockMillis;
    private volatile boolean stopping;
    private volatile RecordDevice current;
    private volatile Acknowledgements currentAcks;

    /**
     * @param deviceName  the device as the outage lines name it ({@link DeviceOperand#name()})
     * @param applied     the records applied before this loop started (from the log journal), or none
     * @param diagnostics where "lost the simulator's device" / "reconnected" lines go (the daemon's error channel)
     * @param clockMillis a monotonic clock in milliseconds, which times the outage reports
     */
    public DeviceLoop(Opener opener, String deviceName, Handler handler, AppliedRecords applied,
                      Consumer<String> diagnostics, long initialBackoffMillis, long maxBackoffMillis,
                      LongSupplier clockMillis) {
        this.opener = opener;
        this.deviceName = deviceName;
        this.handler = handler;
        this.applied = applied;
        this.diagnostics = diagnostics;
        this.initialBackoffMillis = initialBackoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        this.clockMillis = clockMillis;
    }

    /**
     * Runs until {@link #stop()} or a refusal that retrying cannot cure.
     *
     * @throws DeviceException the device refused us for good
     */
    public void run() throws DeviceException, InterruptedException {
        long backoff = initialBackoffMillis;
        OutageReport outage = new OutageReport(deviceName, clockMillis, diagnostics);
        while (!stopping) {
            try (RecordDevice device = opener.open()) {
                current = device;
                if (stopping) {
                    return;
                }
                outage.ended("reconnected to " + deviceName, false);
                backoff = initialBackoffMillis;
                Acknowledgements acks = new Acknowledgements(device, diagnostics);
                currentAcks = acks;
                while (!stopping) {
                    if (device.awaitRecords(-1)) {
                        acks.awaitRoom(device.logLength());
                        if (stopping) {
                            return;
                        }
                        Batch held = device.readHeld();
                        Batch fresh = applied.unapplied(held);
                        CompletionStage<?> stored = fresh.count() == held.count() ? DONE
                                : handler.alreadyApplied(held.first(held.count() - fresh.count()));
                        if (fresh.count() > 0 || held.count() == 0 || fresh.overflowed()) {
                            handler.batch(fresh);
                            if (stopping) {
                                return; // stopped inside the batch (--num-errors, SIGTERM): not all of it applied
                            }
                            applied.applied(fresh);
                            handler.applied(fresh);
                            stored = stored.thenCombine(handler.stored(fresh), (a, b) -> null);
                        }
                        acks.once(stored, held);
                    }
                }
            } catch (IOException e) {
                if (stopping) {
                    return;
                }
                outage.failed("lost " + deviceName + ": " + IoReason.of(e) + "; retrying", IoReason.of(e));
            } catch (DeviceException e) {
                if (stopping) {
                    return;
                }
                switch (e.errno()) {
                    case EBUSY, EACCES, EPERM -> throw e;
                    default -> {
                        outage.failed("device error: " + e.getMessage() + "; retrying", e.getMessage());
                    }
                }
            } finally {
                current = null;
            }
            synchronized (this) {
                if (!stopping) {
                    wait(backoff);
                }
            }
            backoff = Math.min(maxBackoffMillis, backoff * 2);
        }
    }

    /** Ends the loop: wakes it from poll by closing the connection. Callable from any thread. */
    public void stop() {
        synchronized (this) {
            stopping = true;
            notifyAll();
        }
        Acknowledgements acks = currentAcks;
        if (acks != null) {
            acks.abandon();
        }
        RecordDevice device = current;
        if (device != null) {
            device.close();
        }
    }
}
