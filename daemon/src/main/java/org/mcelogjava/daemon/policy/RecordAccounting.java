package org.mcelogjava.daemon.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
            return picked(e -> e instanceof AccountingEvent.ThresholdCrossed t ? t.line() : null);
        }

        /**
         * What was done about this record, each as its log line, in log order: pages offlined (with
         * what the offlining reported, once carried out) and triggers run before the record's text,
         * then the decode-time triggers run inside it.
         */
        public List<String> actions() {
            return picked(e -> {
                if (e instanceof AccountingEvent.OfflinePage o) {
                    return o.line();
                } else if (e instanceof AccountingEvent.ActionReport r) {
                    return r.line();
                } else if (e instanceof AccountingEvent.Trigger t) {
                    return t.request().runningLine();
                } else if (e instanceof AccountingEvent.DecodeTrigger t) {
                    return t.request().runningLine();
                }
                return null;
            });
        }

        /** The text the decode-time triggers write into the record's decode text, in text order. */
        public List<TextInsert> inserts() {
            return picked(e -> e instanceof AccountingEvent.DecodeTrigger t ? t.insert() : null);
        }

        /**
         * What {@code pick} makes of each event (null: nothing), in order; a loop rather than a stream,
         * and no list at all without events: it runs for every record (BENCHMARKS.md, collections).
         */
        private <T> List<T> picked(Function<AccountingEvent, T> pick) {
            if (events.isEmpty()) {
                return List.of();
            }
            List<T> picked = new ArrayList<>(events.size());
            for (AccountingEvent e : events) {
                T t = pick.apply(e);
                if (t != null) {
                    picked.add(t);
                }
            }
            return List.copyOf(picked);
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
