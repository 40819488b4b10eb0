package org.mcelogjava.daemon.policy;

import java.util.List;
import org.mcelogjava.daemon.decode.DecodedMce;

/** The accounting step run on each record before its text is printed (mcelog's {@code mce_filter}). */
@FunctionalInterface
public interface RecordAccounting {

    /**
     * @param events what to log and which triggers to run, in order, before the record's text
     * @param print  false when the record's text is to be suppressed ({@code filter-memory-errors})
     */
    record Outcome(List<AccountingEvent> events, boolean print) {

        public static final Outcome NOTHING = new Outcome(List.of(), true);

        public Outcome {
            events = List.copyOf(events);
        }

        /** The thresholds this record crossed, each as its log line. */
        public List<String> thresholds() {
            return events.stream().filter(e -> e instanceof AccountingEvent.ThresholdCrossed)
                    .map(e -> ((AccountingEvent.ThresholdCrossed) e).line()).toList();
        }

        /** What was done about this record, each as its log line: triggers run, pages offlined. */
        public List<String> actions() {
            return events.stream().<String>mapMulti((e, out) -> {
                if (e instanceof AccountingEvent.Action a) {
                    out.accept(a.line());
                } else if (e instanceof AccountingEvent.Trigger t) {
                    out.accept(t.request().runningLine());
                }
            }).toList();
        }
    }

    /** Accounts one decoded record. */
    Outcome account(DecodedMce decoded);
}
