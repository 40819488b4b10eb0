package org.mcelogjava.daemon.service;

import java.util.Optional;
import java.util.function.Consumer;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.history.HistoryRecorder;
import org.mcelogjava.daemon.policy.RecordAccounting;
import org.mcelogjava.daemon.sink.StreamHub;
import org.mcelogjava.daemon.sink.StreamRecords;
import org.mcelogjava.daemon.sink.metrics.DaemonMetrics;

/**
 * The daemon's sinks, each given the record, its outcome and its text, in this order: the log (or
 * stdout, syslog), the metrics, the record stream and the history. None computes anything.
 */
final class DaemonSinks implements RecordSink {

    private final Consumer<String> log;
    private final DaemonMetrics metrics;
    private final StreamHub stream;
    private final StreamRecords streamRecords = new StreamRecords();
    private final Optional<HistoryRecorder> history;

    /** @param log the decoded-text channel, taking newline-ended text */
    DaemonSinks(Consumer<String> log, DaemonMetrics metrics, StreamHub stream, Optional<HistoryRecorder> history) {
        this.log = log;
        this.metrics = metrics;
        this.stream = stream;
        this.history = history;
    }

    @Override
    public void accept(DecodedMce decoded, RecordAccounting.Outcome outcome, String text) {
        log.accept(text);
        metrics.recordLogged(decoded);
        stream.publish(streamRecords.next(decoded, text, outcome.thresholds(), outcome.actions()));
        history.ifPresent(h -> h.record(decoded, outcome));
    }
}
