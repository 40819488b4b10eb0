package org.mcelogjava.daemon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.Operation;
import org.mcelogjava.protocol.mce.MceLayout;
import org.mcelogjava.protocol.testing.Await;

/**
 * The device's ACKs wait for the history: each goes once its batch is stored and every batch read
 * before it is acknowledged (an ACK releases every held record below its number), sent by whichever
 * thread completes the last thing it waits for; the loop reads on only while the device holds fewer
 * than its log length of unacknowledged records.
 */
class AcknowledgementsTest {

    private static final String BOOT = "6f1c2d4e-0000-4000-8000-000000000001";

    /** A device that notes each ACK (the batch's first number and the thread that sent it). */
    private static final class NotingDevice implements RecordDevice {
        final List<String> acks = new CopyOnWriteArrayList<>();
        volatile boolean open = true;
        volatile Throwable refusal;

        @Override
        public CompletionStage<Void> acknowledge(Batch batch) {
            if (refusal != null) {
                return CompletableFuture.failedFuture(new CompletionException(refusal));
            }
            acks.add(batch.numbering().orElseThrow().firstSequence() + " by " + Thread.currentThread().getName());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public int recordLength() {
            return MceLayout.SIZE;
        }

        @Override
        public int logLength() {
            return 4;
        }

        @Override
        public boolean awaitRecords(int timeoutMillis) {
            return false;
        }

        @Override
        public Batch read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    private final NotingDevice device = new NotingDevice();
    private final List<String> diagnostics = new CopyOnWriteArrayList<>();
    private final Acknowledgements acks = new Acknowledgements(device, diagnostics::add);

    private static Batch held(long first, int count) {
        return new Batch(new byte[count * MceLayout.SIZE], MceLayout.SIZE, false,
                Optional.of(new Batch.Numbering(BOOT, first)));
    }

    /** Completes {@code stored} on a thread named {@code name} and waits for it. */
    private static void completeOn(String name, CompletableFuture<Void> stored) throws InterruptedException {
        Thread t = new Thread(() -> stored.complete(null), name);
        t.start();
        t.join();
    }

    @Test
    void aBatchAlreadyStoredIsAcknowledgedAtOnceByTheLoop() {
        acks.once(CompletableFuture.completedFuture(null), held(0, 2));
        assertEquals(List.of("0 by " + Thread.currentThread().getName()), device.acks);
    }

    @Test
    void aLaterBatchStoredFirstWaitsForTheOneBeforeItAndBothGoByTheThreadThatFinishesLast() throws Exception {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        acks.once(first, held(0, 1));
        acks.once(second, held(1, 1));

        completeOn("history-2", second);
        assertEquals(List.of(), device.acks, "an ACK of record 1 would release record 0 before it is stored");

        completeOn("history-1", first);
        assertEquals(List.of("0 by history-1", "1 by history-1"), device.acks);
    }

    @Test
    void theLoopReadsOnWhileTheDeviceHoldsFewerThanItsLogLengthThenWaitsForTheAcks() throws Exception {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        acks.once(stored, held(0, 3));
        acks.awaitRoom(device.logLength()); // 3 of 4 held: room for another read

        acks.once(CompletableFuture.completedFuture(null), held(3, 1)); // 4 of 4: it waits behind 0..2
        Thread loop = new Thread(() -> acks.awaitRoom(device.logLength()), "loop");
        loop.start();
        Await.until(() -> loop.getState() == Thread.State.WAITING || !loop.isAlive(), "the loop to wait or go on");
        assertTrue(loop.isAlive(), "the device would refuse a fifth held record with EBUSY");

        completeOn("history", stored);
        loop.join();
        assertEquals(List.of("0 by history", "3 by history"), device.acks);
    }

    @Test
    void aLoopThatStopsIsNotHeldWaitingForRoom() throws Exception {
        acks.once(new CompletableFuture<>(), held(0, 4));
        Thread loop = new Thread(() -> acks.awaitRoom(device.logLength()), "loop");
        loop.start();
        Await.until(() -> loop.getState() == Thread.State.WAITING, "the loop to wait for room");
        acks.abandon();
        loop.join();
        assertEquals(List.of(), device.acks);
    }

    /**
     * An ACK the open device refuses is said, and the device closed: the held records would keep
     * a stream's window full for good, and the next connection gets them back. Once it is closed,
     * a failed ACK is silent.
     */
    @Test
    void aRefusedAckIsSaidAndClosesTheDeviceAndIsSilentOnceItIsGone() {
        device.refusal = new DeviceException(Operation.ACK, Errno.EBADF, "ack");
        acks.once(CompletableFuture.completedFuture(null), held(0, 4));
        assertEquals(List.of("cannot acknowledge records to the simulator's device: ack: EBADF (Bad file descriptor); "
                + "reconnecting, they will be delivered again and recognised"), diagnostics);
        assertFalse(device.isOpen(), "closed, so that the loop reconnects");

        acks.once(CompletableFuture.completedFuture(null), held(4, 4));
        assertEquals(1, diagnostics.size(), "the connection is gone: the next one gets the records back");
        assertTrue(device.acks.isEmpty());
    }

    /**
     * An ACK lost with its connection is not said and closes nothing: the loop hears of the loss
     * from the device itself (closing here, on the connection's own I/O thread, hung the daemon).
     */
    @Test
    void anAckLostWithTheConnectionIsSilent() {
        device.refusal = new IOException("connection to the simulator closed");
        acks.once(CompletableFuture.completedFuture(null), held(0, 4));
        assertEquals(List.of(), diagnostics);
        assertTrue(device.isOpen(), "left to the loop");
    }
}
