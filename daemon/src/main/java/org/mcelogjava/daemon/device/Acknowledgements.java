package org.mcelogjava.daemon.device;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.mcelogjava.client.DeviceException;

/**
 * The ACKs of one device connection, each sent once its batch is stored and every batch before it
 * is acknowledged (an ACK releases every held record below its number, PROTOCOL.md READ_HELD, so
 * they go in read order). An ACK is sent by the thread that completes the last thing it waits for:
 * the device loop's when everything is stored already, else the history's writer after its commit.
 * An ACK goes out without waiting for its reply. One that fails because the connection is gone is
 * not said (the loop hears of the loss itself): the device gives the records back to the next
 * connection, where the loop recognises them; one the device refuses is said, and the connection
 * closed so that the same happens. A device file's ACK does nothing (its
 * read cleared the records), but its batches still wait here for the history, so the loop reads
 * no more than a log length ahead of the disk.
 */
final class Acknowledgements {

    private final RecordDevice device;
    private final Consumer<String> diagnostics;
    private final AtomicLong unacknowledged = new AtomicLong();
    private final CompletableFuture<Void> abandoned = new CompletableFuture<>();
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    Acknowledgements(RecordDevice device, Consumer<String> diagnostics) {
        this.device = device;
        this.diagnostics = diagnostics;
    }

    /**
     * Acknowledges {@code held} once {@code stored} completes and every batch before it is acknowledged.
     * A stage that fails is acknowledged too: a durable sink reports its own failures (the history:
     * "records are not stored"), and holding the ACK would keep the device's log full for good.
     */
    void once(CompletionStage<?> stored, Batch held) {
        unacknowledged.addAndGet(held.count());
        last = last.thenCombine(stored, (a, b) -> null).handle((ignored, failure) -> {
            acknowledge(held);
            return null;
        });
    }

    /**
     * When the device holds {@code logLength} or more unacknowledged records (one more READ_HELD
     * would be refused with EBUSY), waits until every ACK asked for so far is sent, or until
     * {@link #abandon}; else returns at once.
     */
    void awaitRoom(int logLength) {
        if (unacknowledged.get() >= logLength) {
            CompletableFuture.anyOf(last, abandoned).join();
        }
    }

    /** The loop is stopping: nobody waits for room any more. Callable from any thread. */
    void abandon() {
        abandoned.complete(null);
    }

    private void acknowledge(Batch held) {
        try {
            device.acknowledge(held).whenComplete((ignored, failure) -> {
                Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
                if (cause instanceof DeviceException refusal) {
                    refused(refusal);
                }
            });
        } finally {
            unacknowledged.addAndGet(-held.count());
        }
    }

    /**
     * An ACK the device did not take: the records stay held, and would keep a stream's window full
     * for good, so the connection is closed; the loop reconnects and the device gives them back.
     */
    private void refused(DeviceException failure) {
        if (device.isOpen()) {
            diagnostics.accept("cannot acknowledge records to the simulator's device: " + failure.getMessage()
                    + "; reconnecting, they will be delivered again and recognised");
            device.close();
        }
    }
}
