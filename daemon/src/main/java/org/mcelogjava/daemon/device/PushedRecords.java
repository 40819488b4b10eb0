package org.mcelogjava.daemon.device;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.McelogIoctl;

/**
 * What a STREAM pushed and the daemon has not taken yet (PROTOCOL.md §5, STREAM): the connection's
 * I/O thread adds each push, the device loop waits for one and takes everything that came
 * meanwhile as one batch, so records that arrive while a batch is handled are handled together.
 * A batch is a run of consecutive numbers (records given back by a reader that died come with
 * their old numbers) and never runs past a push that reports an overflow, so the overflow is said
 * before the records that follow it, as after mcelog's read.
 */
final class PushedRecords implements DeviceConnection.StreamListener {

    private static final int OVERFLOW = 1 << McelogIoctl.MCE_OVERFLOW;

    private final int recordLength;
    private final String bootId;
    private final Deque<DeviceResponse.Stream> pushes = new ArrayDeque<>();
    private IOException ended;

    /** @param bootId the simulator's boot_id, which with each record's number is its identity */
    PushedRecords(int recordLength, String bootId) {
        this.recordLength = recordLength;
        this.bootId = bootId;
    }

    @Override
    public synchronized void pushed(DeviceResponse.Stream records) {
        if (records.length() > 0) {
            pushes.add(records);
            notifyAll();
        }
    }

    @Override
    public synchronized void ended(IOException cause) {
        ended = cause;
        notifyAll();
    }

    /**
     * Waits until records are here or {@code timeoutMillis} passes (-1: until records come or the
     * stream ends).
     *
     * @throws IOException the stream ended (its connection is gone) with nothing left to take
     */
    synchronized boolean await(int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (pushes.isEmpty() && ended == null) {
            if (timeoutMillis < 0) {
                waitInterruptibly(0);
            } else {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                waitInterruptibly(left);
            }
        }
        if (pushes.isEmpty()) {
            throw ended;
        }
        return true;
    }

    /** Everything pushed so far that makes one batch; an empty batch when nothing is here. */
    synchronized Batch take() {
        DeviceResponse.Stream first = pushes.poll();
        if (first == null) {
            return new Batch(new byte[0], recordLength, false);
        }
        List<DeviceResponse.Stream> taken = new ArrayList<>();
        taken.add(first);
        int length = first.length();
        long next = first.firstSequence() + first.length() / recordLength;
        for (DeviceResponse.Stream p = pushes.peek(); p != null && p.firstSequence() == next
                && (p.flags() & OVERFLOW) == 0; p = pushes.peek()) {
            taken.add(pushes.poll());
            length += p.length();
            next += p.length() / recordLength;
        }
        byte[] data = new byte[length];
        int at = 0;
        for (DeviceResponse.Stream p : taken) {
            p.copyTo(data, at);
            at += p.length();
        }
        return new Batch(data, recordLength, (first.flags() & OVERFLOW) != 0,
                Optional.of(new Batch.Numbering(bootId, first.firstSequence())));
    }

    private void waitInterruptibly(long millis) throws IOException {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for records", e);
        }
    }
}
