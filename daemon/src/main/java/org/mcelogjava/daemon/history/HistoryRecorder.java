package org.mcelogjava.daemon.history;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.RecordIdentity;
import org.mcelogjava.daemon.policy.RecordAccounting;

/**
 * The history as a sink on the record path: rows are made on the record path (from the record's
 * facts, nothing recomputed), and at the end of each batch handed to a writer thread through a
 * queue bounded by the records waiting in it (the rows of a record take about a kilobyte, and the
 * daemon's heap is small: a queue of 1,024 batches of 1,024 records filled it, and the collector
 * then stalled the record path it was meant to protect; an empty queue takes a batch of any size).
 * The writer stores each batch in one transaction (batches waiting together are committed together)
 * and then completes the batch's future ({@link #batchEnds}), on which the daemon waits before it
 * acknowledges the batch to the device. When the queue is full the batch is not stored, the error
 * channel says so (once when it starts, once with the count when the writer catches up) and
 * {@link #dropped()} counts it.
 *
 * <p>Exactly once: the database ignores a record whose identity (boot id, delivery number) it has.
 * Across a kill -9 the device gives back what it did not hear acknowledged, and the ACK waits for
 * the commit, so the history lacks nothing the device will not give back. The history keeps its own
 * mark ({@link #holds}: the newest boot it has stored and one past its highest number there, read
 * from the database at start, moved as records are handed over), because the log journal's mark
 * may be ahead of it: a batch the log had applied but the history had not committed comes back to
 * the next run, which gives the history the records it lacks and nobody else.
 */
public final class HistoryRecorder implements AutoCloseable {

    /** A batch on its way to the disk, and who waits for it there. */
    private record Pending(List<HistoryRecord> records, CompletableFuture<Void> stored) {
    }

    private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>());

    private final HistoryDatabase database;
    private final HistoryRecords rows;
    private final Consumer<String> errors;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final int queueRecords;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private List<HistoryRecord> current = new ArrayList<>();
    private volatile long droppedReported;
    private RecordIdentity mark;

    /**
     * @param queueRecords records that may wait for the disk before new batches are not stored
     * @param errors       the daemon's error channel
     */
    public HistoryRecorder(HistoryDatabase database, HistoryRecords rows, int queueRecords, Consumer<String> errors)
            throws SQLException {
        this.database = database;
        this.rows = rows;
        this.errors = errors;
        this.queueRecords = queueRecords;
        this.mark = database.newestIdentity()
                .map(newest -> new RecordIdentity(newest.bootId(), newest.sequence() + 1)).orElse(RecordIdentity.NONE);
        this.writer = new Thread(this::writeLoop, "mcelog-history");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Whether the history has the record {@code identity} names, or has it on its way to the disk:
     * a record of the newest boot it stored, numbered below its mark. A record without identity never.
     */
    public boolean holds(RecordIdentity identity) {
        return identity.known() && identity.bootId().equals(mark.bootId()) && identity.sequence() < mark.sequence();
    }

    /** One record of the current batch, decoded, with its outcome. */
    public void record(DecodedMce decoded, RecordAccounting.Outcome outcome) {
        current.add(rows.of(decoded, outcome));
        RecordIdentity id = decoded.identity();
        if (id.known() && !holds(id)) {
            mark = new RecordIdentity(id.bootId(), id.sequence() + 1);
        }
    }

    /**
     * The batch is done: its records go to the writer, or are counted as not stored when it is behind.
     *
     * @return completes once the writer has committed this batch and every one before it (or given
     *         them up, which the error channel says); at once for a batch that is not stored
     */
    public CompletableFuture<Void> batchEnds() {
        Pending batch = new Pending(current, new CompletableFuture<>());
        current = new ArrayList<>();
        int size = batch.records().size();
        int before = waiting.get();
        // an empty batch always queues: its future must not complete before the batches ahead of it
        if (size > 0 && before > 0 && before + size > queueRecords) {
            if (dropped.getAndAdd(size) == droppedReported) {
                errors.accept("history " + database.path() + ": the disk is behind (" + before
                        + " records waiting); records are not stored until it catches up");
            }
            batch.stored().complete(null);
            return batch.stored();
        }
        waiting.addAndGet(size);
        queue.add(batch);
        return batch.stored();
    }

    /** Records waiting for the writer (not those it is storing). */
    public int waiting() {
        return waiting.get();
    }

    /** Records not stored because the writer was behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Records the writer stored (new ones; redelivered ones are not counted). */
    public long written() {
        return written.get();
    }

    private void writeLoop() {
        List<Pending> batches = new ArrayList<>();
        try {
            while (true) {
                batches.clear();
                batches.add(queue.take());
                queue.drainTo(batches);
                boolean stop = batches.remove(STOP);
                List<HistoryRecord> all = new ArrayList<>();
                batches.forEach(p -> all.addAll(p.records()));
                waiting.addAndGet(-all.size());
                store(all);
                batches.forEach(p -> p.stored().complete(null));
                reportCatchUp();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void store(List<HistoryRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            written.addAndGet(database.write(records));
        } catch (SQLException e) {
            dropped.addAndGet(records.size());
            droppedReported = dropped.get();
            errors.accept("history " + database.path() + ": cannot store " + records.size() + " records: "
                    + e.getMessage());
        }
    }

    /** After the queue overflowed: says how many records were not stored, once the writer has caught up. */
    private void reportCatchUp() {
        long d = dropped.get();
        if (d != droppedReported && queue.isEmpty()) {
            errors.accept("history " + database.path() + ": caught up; " + (d - droppedReported)
                    + " records were not stored while the disk was behind");
            droppedReported = d;
        }
    }

    /** Stores what is waiting, stops the writer and closes the database. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            database.close();
        } catch (SQLException e) {
            errors.accept("history " + database.path() + ": cannot close: " + e.getMessage());
        }
    }
}
