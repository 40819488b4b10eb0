package org.mcelogjava.daemon.service;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.mcelogjava.daemon.act.PageOfflining;
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
 * about bytes beyond the current layout. Optional policies decide for each record before its
 * text: the accounting ({@code mce_filter}) and, for a record printed decoded, the decode-time
 * triggers. This class carries out their outcome: it logs their lines in order before the record's
 * text, takes pages offline through the executor (whose report is logged, added to the outcome and
 * told to the policy), writes the decode-time triggers' lines into the text, hands every trigger to
 * the runner, and gives the sinks the record, the outcome as carried out, and the text. One thread
 * (the device loop's) uses it.
 */
public final class RecordProcessor {

    /** The text of the record at hand, reused from record to record (a batch is often one record). */
    private final TextBuffer text = new TextBuffer(2048);

    private final MceDecoder decoder;
    private final DeviceRecordPrinter printer;
    private final RecordSink sink;
    private final Consumer<String> noData;
    private final Consumer<String> errors;
    private final LongSupplier wallClock;
    private final Policies policies;
    private long remaining;

    /**
     * The policies and where their outcome is carried out.
     *
     * @param accounting     accounts each record (mcelog's filter step)
     * @param decodeTriggers decides the decode-time triggers of a record printed decoded
     * @param log            the log, for the policies' lines (without newline)
     * @param triggers       starts a trigger (the trigger runner's {@code submit})
     * @param offlining      takes pages offline
     */
    public record Policies(RecordAccounting accounting, RecordAccounting decodeTriggers, Consumer<String> log,
                           Consumer<TriggerRequest> triggers, PageOfflining offlining) {

        /** No policies: every record is printed, nothing is triggered or offlined. */
        public static final Policies NONE = new Policies(RecordAccounting.NONE, RecordAccounting.NONE, s -> { }, t -> { },
                new PageOfflining((address, kind) -> {
                    throw new IllegalStateException("no policy decides to offline pages");
                }));
    }

    /**
     * @param noData    where "no data in mce record" goes (the decoded-text channel)
     * @param errors    mcelog's error channel (lines without the "mcelog: " prefix)
     * @param wallClock seconds since the epoch
     * @param numErrors stop after this many records; 0 for no limit
     */
    public RecordProcessor(MceDecoder decoder, DeviceRecordPrinter printer, RecordSink sink, Consumer<String> noData,
                           Consumer<String> errors, LongSupplier wallClock, long numErrors) {
        this(decoder, printer, sink, noData, errors, wallClock, numErrors, Policies.NONE);
    }

    /** As above, with policies deciding before each record's text. */
    public RecordProcessor(MceDecoder decoder, DeviceRecordPrinter printer, RecordSink sink, Consumer<String> noData,
                           Consumer<String> errors, LongSupplier wallClock, long numErrors, Policies policies) {
        this.policies = policies;
        this.decoder = decoder;
        this.printer = printer;
        this.sink = sink;
        this.noData = noData;
        this.errors = errors;
        this.wallClock = wallClock;
        this.remaining = numErrors;
    }

    /** The policies' outcome: the decode-time triggers only for a record printed decoded, as mcelog's run inside {@code dump_mce}. */
    private RecordAccounting.Outcome decide(DecodedMce decoded) {
        RecordAccounting.Outcome outcome = policies.accounting().account(decoded);
        return outcome.print() && printer.decodes() ? outcome.then(policies.decodeTriggers().account(decoded)) : outcome;
    }

    /**
     * Logs the lines that precede the record's text, takes pages offline and starts the triggers,
     * in the policies' order.
     *
     * @return the outcome as carried out: each offline decision followed by its executor's report
     */
    private RecordAccounting.Outcome carryOut(RecordAccounting.Outcome outcome) {
        List<AccountingEvent> done = new ArrayList<>(outcome.events().size());
        for (AccountingEvent event : outcome.events()) {
            done.add(event);
            if (event instanceof AccountingEvent.Notice n) {
                policies.log().accept(n.line());
            } else if (event instanceof AccountingEvent.ThresholdCrossed c && c.logged()) {
                policies.log().accept(c.line());
            } else if (event instanceof AccountingEvent.OfflinePage o) {
                policies.log().accept(o.line());
                PageOfflining.Report report = policies.offlining().carryOut(o);
                for (String line : report.lines()) {
                    policies.log().accept(line);
                    done.add(new AccountingEvent.ActionReport(line));
                }
                policies.accounting().offlined(o, report.offlined());
            } else if (event instanceof AccountingEvent.Trigger t) {
                policies.log().accept(t.request().runningLine());
                policies.triggers().accept(t.request());
            } else if (event instanceof AccountingEvent.DecodeTrigger t) {
                policies.triggers().accept(t.request()); // its line is in the record's text
            }
        }
        return done.size() == outcome.events().size() ? outcome : new RecordAccounting.Outcome(done, outcome.print());
    }

    /**
     * Record {@code i} of {@code batch} decoded with its identity, its time filled from the wall
     * clock when the kernel left it 0 ({@code mce_prepare}). {@link #process} decodes each record
     * so; a durable sink catching up on records every other step applied in an earlier run (the
     * history) gets them so too, without policies, text or the {@code --num-errors} countdown.
     */
    public DecodedMce decoded(Batch batch, int i) {
        Mce m = batch.record(i);
        if (m.time() == 0) {
            m = m.toBuilder().time(wallClock.getAsLong()).build();
        }
        return decoder.decode(m, batch.recordLength(), batch.identity(i));
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
        for (int i = 0; i < batch.count() && !finish; i++) {
            if (remaining > 0 && --remaining == 0) {
                finish = true;
            }
            DecodedMce decoded = decoded(batch, i);
            RecordAccounting.Outcome outcome = carryOut(decide(decoded));
            if (!outcome.print()) {
                continue;
            }
            text.clear();
            printer.print(decoded, i, outcome.inserts(), text);
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
