package org.mcelogjava.daemon.history;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.device.Batch;
import org.mcelogjava.daemon.policy.RecordAccounting;

/**
 * The history as a sink on the record path: rows are made on the record path (from the record's
 * facts, nothing recomputed), and at the end of each batch handed to a writer thread through a
 * queue bounded by the records waiting in it (the rows of a record take about a kilobyte, and the
 * daemon's heap is small: a queue of 1,024 batches of 1,024 records filled it, and the collector
 * then stalled the record path it was meant to protect); the writer stores each batch in one
 * transaction (batches waiting together are committed together). A slow or full disk never stalls
 * the record path: when the queue is full the batch is not stored, the error channel says so (once
 * when it starts, once with the count when the writer catches up) and {@link #dropped()} counts it.
 * An empty queue takes a batch of any size.
 *
 * <p>Exactly once: the database ignores a record whose identity (boot id, delivery number) it has,
 * so a batch the device delivers again after a restart or a kill -9 is stored once. The device's
 * batch is acknowledged when the record path is done with it, before the writer commits: a daemon
 * killed in between has the log's copy of those records but not the history's.
 */
public final class HistoryRecorder implements AutoCloseable {

    private static final List<HistoryRecord> STOP = List.of();

    private final HistoryDatabase database;
    private final HistoryRecords rows;
    private final Consumer<String> errors;
    private final BlockingQueue<List<HistoryRecord>> queue = new LinkedBlockingQueue<>();
    private final int queueRecords;
    private final AtomicInteger waiting = new AtomicInteger();
    private final BatchPositions positions = new BatchPositions();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private List<HistoryRecord> current = new ArrayList<>();
    private volatile long droppedReported;

    /**
     * @param queueRecords records that may wait for the disk before new batches are not stored
     * @param errors       the daemon's error channel
     */
    public HistoryRecorder(HistoryDatabase database, HistoryRecords rows, int queueRecords, Consumer<String> errors) {
        this.database = database;
        this.rows = rows;
        this.errors = errors;
        this.queueRecords = queueRecords;
        this.writer = new Thread(this::writeLoop, "mcelog-history");
        writer.setDaemon(true);
        writer.start();
    }

    /** A batch was read: its records follow. */
    public void batchBegins(Batch batch) {
        positions.begin(batch);
    }

    /** One record of the current batch, decoded, with its outcome. */
    public void record(DecodedMce decoded, RecordAccounting.Outcome outcome) {
        current.add(rows.of(decoded, outcome, positions.bootId(), positions.sequence(decoded.mce())));
    }

    /** The batch is done: its records go to the writer, or are counted as not stored when it is behind. */
    public void batchEnds() {
        if (current.isEmpty()) {
            return;
        }
        List<HistoryRecord> batch = current;
        current = new ArrayList<>();
        int before = waiting.get();
        if (before > 0 && before + batch.size() > queueRecords) {
            if (dropped.getAndAdd(batch.size()) == droppedReported) {
                errors.accept("history " + database.path() + ": the disk is behind (" + before
                        + " records waiting); records are not stored until it catches up");
            }
            return;
        }
        waiting.addAndGet(batch.size());
        queue.add(batch);
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
        List<List<HistoryRecord>> batches = new ArrayList<>();
        try {
            while (true) {
                batches.clear();
                batches.add(queue.take());
                queue.drainTo(batches);
                boolean stop = batches.remove(STOP);
                List<HistoryRecord> all = new ArrayList<>();
                batches.forEach(all::addAll);
                waiting.addAndGet(-all.size());
                store(all);
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
