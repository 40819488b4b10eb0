package org.mcelogjava.daemon.policy;

import java.util.List;
import org.mcelogjava.daemon.decode.TextInsert;

/**
 * What the policies decided for a record, in mcelog's order: a log line, a threshold crossed,
 * something done to the machine, a trigger to run, or (once carried out) what the executor reported. Values only: the record processor writes
 * the lines and hands the triggers to the runner.
 */
public sealed interface AccountingEvent {

    /** A line for the log (without the newline), e.g. the location of an overflowed DIMM. */
    record Notice(String line) implements AccountingEvent {
    }

    /**
     * A threshold was crossed ({@code memdb_trigger}, {@code account_page_error}, {@code counter_trigger}).
     *
     * @param line   its message exactly as mcelog logs it ({@code <message>: <N in T>}), without newline
     * @param logged whether the configuration logs it ({@code *-log = yes})
     */
    record ThresholdCrossed(String line, boolean logged) implements AccountingEvent {
    }

    /**
     * A page to take offline ({@code offline_action} in page.c), logged as {@code Offlining page 12345000}
     * before it is tried.
     *
     * @param address  the page's physical address
     * @param attempts the kinds of offline to try in order until one succeeds (soft-then-hard: both)
     */
    record OfflinePage(long address, List<PageOffliner.Kind> attempts) implements AccountingEvent {
        public OfflinePage {
            attempts = List.copyOf(attempts);
        }

        /** mcelog's line, without newline. */
        public String line() {
            return "Offlining page " + Long.toHexString(address);
        }
    }

    /**
     * What an executor reported about carrying out a decision, as logged (without newline), e.g.
     * {@code Offlining page 12345000 failed: Device or resource busy}. Added by whoever carries out
     * the outcome, never by a policy.
     */
    record ActionReport(String line) implements AccountingEvent {
    }

    /** A trigger to run; its "Running trigger" line is logged before the record's text ({@code run_trigger}). */
    record Trigger(TriggerRequest request) implements AccountingEvent {
    }

    /**
     * A decode-time trigger (cache, bus, IO-MCA, unknown): its "Running trigger" line, and for a
     * cache mcelog cannot find in sysfs the unterminated line before it, go into the record's text
     * where mcelog prints them.
     *
     * @param insert  where in the decode text, and what
     * @param request the trigger to run
     */
    record DecodeTrigger(TextInsert insert, TriggerRequest request) implements AccountingEvent {
    }
}
