package org.mcelogjava.daemon.history;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.RecordIdentity;
import org.mcelogjava.daemon.policy.RecordAccounting;

/**
 * The history as a sink on the record path: rows are made on the record path (from the record's
 * facts, nothing recomputed) and, at the end of each batch, appended to the history's spool in one
 * write ({@link HistorySpool}); a writer thread of its own reads the spool and stores what it finds
 * in one transaction at a time, as much as has arrived (up to 128 KiB, about 200 records), so that
 * neither SQLite's pace nor a slow disk holds up the record path, and the device's log is emptied as
 * fast as the log file takes the records. When the database refuses (locked by another program,
 * full) the writer says so and tries again every second; the records wait in the spool. When its
 * limit of bytes waits in the spool, a batch is not stored: the error channel says so (once when it starts,
 * once with the count when the writer catches up) and {@link #dropped()} counts it.
 *
 * <p>Exactly once: the database ignores a record whose identity (boot id, delivery number) it has,
 * and notes in each transaction where the records it stored end in the spool. Across a kill -9 the
 * spool keeps what was acknowledged and not yet stored, and the next start stores it; the device
 * gives back what it did not hear acknowledged. The history keeps its own mark ({@link #holds}: the
 * newest boot it has, stored or spooled, and one past its highest number there, read from the
 * database and the spool at start, moved as records are spooled), because the log journal's mark
 * may be ahead of it: a batch the log had applied but the history had not spooled comes back to the
 * next run, which gives the history the records it lacks and nobody else.
 */
public final class HistoryRecorder implements AutoCloseable {

    private static final CompletionStage<Void> SPOOLED = CompletableFuture.completedFuture(null);
    private static final long RETRY_MS = 1_000;

    private final HistoryDatabase database;
    private final HistorySpool spool;
    private final HistoryRecords rows;
    private final Consumer<String> errors;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private List<HistoryRecord> current = new ArrayList<>();
    private volatile long droppedReported;
    private RecordIdentity mark;

    /**
     * Starts the writer, which first stores what the spool holds beyond the database's note.
     *
     * @param mark   the newest boot the history has, stored or spooled, and one past its highest number there
     * @param errors the daemon's error channel
     */
    private HistoryRecorder(HistoryDatabase database, HistorySpool spool, RecordIdentity mark, HistoryRecords rows,
                            Consumer<String> errors) {
        this.database = database;
        this.spool = spool;
        this.mark = mark;
        this.rows = rows;
        this.errors = errors;
        this.writer = new Thread(this::writeLoop, "mcelog-history");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Opens the database at {@code path} and its spool beside it ({@code <path>.spool.N}) and starts the writer.
     *
     * @param spoolLimit bytes of records the spool may hold before batches are not stored
     * @throws SQLException the database cannot be opened or read, saying which and why
     * @throws IOException  the spool cannot be opened or read, saying which and why
     */
    public static HistoryRecorder open(Path path, long spoolLimit, HistoryRecords rows, Consumer<String> errors)
            throws SQLException, IOException {
        HistoryDatabase database = HistoryDatabase.open(path, errors);
        HistorySpool spool = null;
        try {
            // the mark: the database's newest record, then each record the spool holds for it
            RecordIdentity[] mark = {database.newestIdentity()
                    .map(newest -> new RecordIdentity(newest.bootId(), newest.sequence() + 1)).orElse(RecordIdentity.NONE)};
            spool = HistorySpool.open(path.resolveSibling(path.getFileName() + ".spool"), spoolLimit,
                    database.spoolPosition(), errors, id -> mark[0] = advanced(mark[0], id));
            return new HistoryRecorder(database, spool, mark[0], rows, errors);
        } catch (SQLException | IOException | RuntimeException e) {
            if (spool != null) {
                spool.close();
            }
            database.close();
            throw e;
        }
    }

    /**
     * Whether the history has the record {@code identity} names, stored or spooled: a record of the
     * newest boot it has, numbered below its mark. A record without identity never.
     */
    public boolean holds(RecordIdentity identity) {
        return holds(mark, identity);
    }

    private static boolean holds(RecordIdentity mark, RecordIdentity identity) {
        return identity.known() && identity.bootId().equals(mark.bootId()) && identity.sequence() < mark.sequence();
    }

    /** The mark after {@code id} was handed over: moved past it unless the mark already holds it. */
    private static RecordIdentity advanced(RecordIdentity mark, RecordIdentity id) {
        return id.known() && !holds(mark, id) ? new RecordIdentity(id.bootId(), id.sequence() + 1) : mark;
    }

    /** One record of the current batch, decoded, with its outcome. */
    public void record(DecodedMce decoded, RecordAccounting.Outcome outcome) {
        current.add(rows.of(decoded, outcome));
        mark = advanced(mark, decoded.identity());
    }

    /**
     * The batch is done: its records go to the spool, or are counted as not stored when it is full
     * or cannot be written (the error channel says which).
     *
     * @return complete: the batch is spooled (or given up) when this returns
     */
    public CompletionStage<Void> batchEnds() {
        List<HistoryRecord> batch = current;
        current = new ArrayList<>();
        if (batch.isEmpty()) {
            return SPOOLED;
        }
        try {
            if (!spool.append(batch) && dropped.getAndAdd(batch.size()) == droppedReported) {
                errors.accept("history " + database.path() + ": the disk is behind (" + spool.waiting()
                        + " bytes wait in " + spool.base() + ".N); records are not stored until it catches up");
            }
        } catch (IOException e) {
            dropped.addAndGet(batch.size());
            droppedReported = dropped.get();
            errors.accept("history " + database.path() + ": cannot spool " + batch.size() + " records: "
                    + e.getMessage() + "; they are not stored");
        }
        return SPOOLED;
    }

    /** Records not stored because the spool was full or could not be written. */
    public long dropped() {
        return dropped.get();
    }

    /** Records the writer stored (new ones; redelivered ones are not counted). */
    public long written() {
        return written.get();
    }

    private void writeLoop() {
        try {
            SpoolPosition position = spool.start();
            while (true) {
                Optional<HistorySpool.Chunk> chunk = spool.next(position);
                if (chunk.isEmpty()) {
                    return; // closing, and everything is stored
                }
                if (!store(chunk.get())) {
                    return; // closing while the database refuses: the spool keeps the rest for the next start
                }
                spool.stored(chunk.get());
                position = chunk.get().end();
                if (spool.waiting() == 0) {
                    reportCatchUp();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            errors.accept("history " + database.path() + ": cannot go on reading its spool: " + e.getMessage()
                    + "; records spooled from now on are stored at the next start");
        }
    }

    /**
     * Stores a chunk, trying again every second while the database refuses.
     *
     * @return false when the daemon stops before the database took it
     */
    private boolean store(HistorySpool.Chunk chunk) throws InterruptedException {
        boolean said = false;
        while (true) {
            try {
                written.addAndGet(database.write(chunk.records(), chunk.end()));
                if (said) {
                    errors.accept("history " + database.path() + ": storing again");
                }
                return true;
            } catch (SQLException e) {
                if (!said) {
                    errors.accept("history " + database.path() + ": cannot store " + chunk.records().size()
                            + " records: " + e.getMessage() + "; trying again every second, they wait in "
                            + spool.base() + ".N");
                    said = true;
                }
                if (spool.closing()) {
                    return false;
                }
                Thread.sleep(RETRY_MS);
            }
        }
    }

    /** After the spool was full: says how many records were not stored, once the writer has caught up. */
    private void reportCatchUp() {
        long d = dropped.get();
        if (d != droppedReported) {
            errors.accept("history " + database.path() + ": caught up; " + (d - droppedReported)
                    + " records were not stored while the disk was behind");
            droppedReported = d;
        }
    }

    /** Stores what the spool holds, stops the writer and closes the spool and the database. */
    @Override
    public void close() {
        spool.wake();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            spool.close();
        } catch (IOException e) {
            errors.accept("history " + database.path() + ": cannot close its spool: " + IoReason.of(e));
        }
        try {
            database.close();
        } catch (SQLException e) {
            errors.accept("history " + database.path() + ": cannot close: " + e.getMessage());
        }
    }
}
