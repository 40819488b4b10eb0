package org.mcelogjava.daemon.service;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.DeviceRecordPrinter;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.daemon.decode.TextBuffer;
import org.mcelogjava.daemon.device.Batch;
import org.mcelogjava.daemon.policy.AccountingEvent;
import org.mcelogjava.daemon.policy.RecordAccounting;
import org.mcelogjava.daemon.policy.TriggerRequest;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceLayout;

/**
 * What mcelog does with one read of the device ({@code process()} in mcelog.c): the overflow
 * warning before the batch, then per record the time filled in when the kernel left it 0
 * ({@code mce_prepare}), the {@code --num-errors} countdown, decoding once, the text with
 * {@code MCE <index in this read>}, and the hand-over to the sinks; after the batch, the warning
 * about bytes beyond the current layout. An optional accounting step ({@code mce_filter}) runs on
 * each record before its text: its lines go to the log and its triggers to the runner, in order.
 */
public final class RecordProcessor {

    private final MceDecoder decoder;
    private final DeviceRecordPrinter printer;
    private final RecordSink sink;
    private final Consumer<String> noData;
    private final Consumer<String> errors;
    private final LongSupplier wallClock;
    private final Accounting accounting;
    private long remaining;

    /**
     * The accounting step and where its output goes.
     *
     * @param step     accounts each record (mcelog's filter step)
     * @param notices  the log, for the step's lines (without newline)
     * @param triggers the trigger runner's {@code submit}
     */
    public record Accounting(RecordAccounting step, Consumer<String> notices, Consumer<TriggerRequest> triggers) {

        /** No accounting: every record is printed. */
        public static final Accounting NONE = new Accounting(d -> RecordAccounting.Outcome.NOTHING, s -> { }, t -> { });
    }

    /**
     * @param noData    where "no data in mce record" goes (the decoded-text channel)
     * @param errors    mcelog's error channel (lines without the "mcelog: " prefix)
     * @param wallClock seconds since the epoch
     * @param numErrors stop after this many records; 0 for no limit
     */
    public RecordProcessor(MceDecoder decoder, DeviceRecordPrinter printer, RecordSink sink, Consumer<String> noData,
                           Consumer<String> errors, LongSupplier wallClock, long numErrors) {
        this(decoder, printer, sink, noData, errors, wallClock, numErrors, Accounting.NONE);
    }

    /** As above, with an accounting step before each record's text. */
    public RecordProcessor(MceDecoder decoder, DeviceRecordPrinter printer, RecordSink sink, Consumer<String> noData,
                           Consumer<String> errors, LongSupplier wallClock, long numErrors, Accounting accounting) {
        this.accounting = accounting;
        this.decoder = decoder;
        this.printer = printer;
        this.sink = sink;
        this.noData = noData;
        this.errors = errors;
        this.wallClock = wallClock;
        this.remaining = numErrors;
    }

    /**
     * Processes one batch.
     *
     * @return false when {@code --num-errors} is reached and the program should end
     */
    public boolean process(Batch batch) {
        if (batch.recordLength() == 0) {
            noData.accept(DeviceRecordPrinter.NO_DATA);
            return true;
        }
        if (batch.overflowed()) {
            errors.accept("Warning: MCE buffer is overflowed.");
        }
        boolean finish = false;
        TextBuffer text = new TextBuffer(2048);
        for (int i = 0; i < batch.count() && !finish; i++) {
            Mce m = batch.record(i);
            if (m.time() == 0) {
                m = m.toBuilder().time(wallClock.getAsLong()).build();
            }
            if (remaining > 0 && --remaining == 0) {
                finish = true;
            }
            DecodedMce decoded = decoder.decode(m, batch.recordLength());
            RecordAccounting.Outcome outcome = accounting.step().account(decoded);
            for (AccountingEvent event : outcome.events()) {
                if (event instanceof AccountingEvent.Notice n) {
                    accounting.notices().accept(n.line());
                } else if (event instanceof AccountingEvent.ThresholdCrossed c && c.logged()) {
                    accounting.notices().accept(c.line());
                } else if (event instanceof AccountingEvent.Action a) {
                    accounting.notices().accept(a.line());
                } else if (event instanceof AccountingEvent.Trigger t) {
                    accounting.triggers().accept(t.request());
                }
            }
            if (!outcome.print()) {
                continue;
            }
            text.clear();
            printer.print(decoded, i, text);
            sink.accept(decoded, outcome, text.toString());
        }
        int ignored = MceLayout.ignoredBytes(batch.recordLength());
        if (ignored > 0) {
            errors.accept("warning: " + ignored + " bytes ignored in each record");
            errors.accept("consider an update");
        }
        return !finish;
    }
}
