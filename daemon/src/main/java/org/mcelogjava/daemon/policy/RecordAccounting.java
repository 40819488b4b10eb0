package org.mcelogjava.daemon.policy;

import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.TextInsert;

/**
 * A policy step run on each record before its text is printed: mcelog's accounting
 * ({@code mce_filter}) and its decode-time triggers. It returns what it decided; it carries out nothing.
 */
@FunctionalInterface
public interface RecordAccounting {

    /** No policy: nothing decided, the record printed. */
    RecordAccounting NONE = d -> Outcome.NOTHING;

    /**
     * @param events what to log and which triggers to run, in order, before and inside the record's text
     * @param print  false when the record's text is to be suppressed ({@code filter-memory-errors})
     */
    record Outcome(List<AccountingEvent> events, boolean print) {

        public static final Outcome NOTHING = new Outcome(List.of(), true);

        public Outcome {
            events = List.copyOf(events);
        }

        /** This outcome followed by what a later step decided; printed only when both print. */
        public Outcome then(Outcome later) {
            if (later.events.isEmpty() && later.print) {
                return this;
            }
            List<AccountingEvent> all = new ArrayList<>(events);
            all.addAll(later.events);
            return new Outcome(all, print && later.print);
        }

        /** The thresholds this record crossed, each as its log line. */
        public List<String> thresholds() {
            if (events.isEmpty()) {
                return List.of();
            }
            List<String> lines = new ArrayList<>(events.size());
            for (AccountingEvent e : events) {
                if (e instanceof AccountingEvent.ThresholdCrossed t) {
                    lines.add(t.line());
                }
            }
            return List.copyOf(lines);
        }

        /**
         * What was done about this record, each as its log line, in log order: pages offlined (with
         * what the offlining reported, once carried out) and triggers run before the record's text,
         * then the decode-time triggers run inside it.
         */
        public List<String> actions() {
            if (events.isEmpty()) {
                return List.of();
            }
            List<String> lines = new ArrayList<>(events.size());
            for (AccountingEvent e : events) {
                if (e instanceof AccountingEvent.OfflinePage o) {
                    lines.add(o.line());
                } else if (e instanceof AccountingEvent.ActionReport r) {
                    lines.add(r.line());
                } else if (e instanceof AccountingEvent.Trigger t) {
                    lines.add(t.request().runningLine());
                } else if (e instanceof AccountingEvent.DecodeTrigger t) {
                    lines.add(t.request().runningLine());
                }
            }
            return List.copyOf(lines);
        }

        /** The text the decode-time triggers write into the record's decode text, in text order. */
        public List<TextInsert> inserts() {
            if (events.isEmpty()) {
                return List.of();
            }
            List<TextInsert> inserts = new ArrayList<>();
            for (AccountingEvent e : events) {
                if (e instanceof AccountingEvent.DecodeTrigger t) {
                    inserts.add(t.insert());
                }
            }
            return List.copyOf(inserts);
        }
    }

    /** Decides for one decoded record. */
    Outcome account(DecodedMce decoded);

    /**
     * The executor's answer to an {@link AccountingEvent.OfflinePage} this step decided: whether
     * the page went offline (page.c's page states and the retry multiplier follow it).
     */
    default void offlined(AccountingEvent.OfflinePage decision, boolean done) {
    }
}
