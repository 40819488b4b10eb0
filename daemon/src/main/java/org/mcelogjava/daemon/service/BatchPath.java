package org.mcelogjava.daemon.service;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.mcelogjava.daemon.device.Batch;
import org.mcelogjava.daemon.device.DeviceLoop;
import org.mcelogjava.daemon.history.HistoryRecorder;
import org.mcelogjava.daemon.policy.RecordAccounting;
import org.mcelogjava.daemon.sink.LogJournal;
import org.mcelogjava.daemon.sink.metrics.DaemonMetrics;

/**
 * What the daemon does with each batch the device loop hands over: the log journal notes it, the
 * metrics count the kernel's overflow report, the record processor takes it through decoding,
 * policies and sinks, and the history spools it on its way to the database; the loop acknowledges it
 * once the history holds it ({@link #stored}: spooled, which survives a kill). Records the device
 * gives back that an earlier run applied go to the history alone, the ones it lacks
 * ({@link #alreadyApplied}).
 */
final class BatchPath implements DeviceLoop.Handler {

    private static final CompletionStage<?> DONE = CompletableFuture.completedFuture(null);

    private final Optional<LogJournal> journal;
    private final DaemonMetrics metrics;
    private final RecordProcessor processor;
    private final Optional<HistoryRecorder> history;
    private final Runnable numErrorsReached;
    private final Consumer<String> errors;
    private CompletionStage<?> stored = DONE;

    /**
     * @param numErrorsReached ends the loop ({@code --num-errors} reached)
     * @param errors           the daemon's error channel
     */
    BatchPath(Optional<LogJournal> journal, DaemonMetrics metrics, RecordProcessor processor,
              Optional<HistoryRecorder> history, Runnable numErrorsReached, Consumer<String> errors) {
        this.journal = journal;
        this.metrics = metrics;
        this.processor = processor;
        this.history = history;
        this.numErrorsReached = numErrorsReached;
        this.errors = errors;
    }

    @Override
    public void batch(Batch batch) {
        journal.ifPresent(j -> note(() -> j.begin(batch)));
        if (batch.overflowed()) {
            metrics.deviceOverflow();
        }
        boolean goOn = processor.process(batch);
        stored = history.<CompletionStage<?>>map(HistoryRecorder::batchEnds).orElse(DONE);
        if (!goOn) {
            numErrorsReached.run();
        }
    }

    @Override
    public void applied(Batch batch) {
        journal.ifPresent(j -> note(() -> j.applied(batch)));
    }

    @Override
    public CompletionStage<?> stored(Batch batch) {
        return stored;
    }

    /**
     * The history gets the records it lacks, decoded as {@link RecordProcessor} decodes them, without
     * an outcome: the policies decided for them in the run that applied them, and do not again.
     */
    @Override
    public CompletionStage<?> alreadyApplied(Batch batch) {
        if (history.isEmpty()) {
            return DONE;
        }
        HistoryRecorder h = history.get();
        for (int i = 0; i < batch.count(); i++) {
            if (!h.holds(batch.identity(i))) {
                h.record(processor.decoded(batch, i), RecordAccounting.Outcome.NOTHING);
            }
        }
        return h.batchEnds();
    }

    private interface JournalWrite {
        void run() throws IOException;
    }

    private void note(JournalWrite write) {
        try {
            write.run();
        } catch (IOException e) {
            errors.accept("cannot write the log journal: " + e.getMessage()
                    + "; a daemon killed now may log this batch twice");
        }
    }
}
