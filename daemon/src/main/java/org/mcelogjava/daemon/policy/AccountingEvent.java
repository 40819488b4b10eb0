package org.mcelogjava.daemon.policy;

import org.mcelogjava.daemon.decode.TextInsert;

/**
 * What the policies decided for a record, in mcelog's order: a log line, a threshold crossed,
 * something done to the machine, or a trigger to run. Values only: the record processor writes
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

    /** Something done to the machine, as logged (without newline): {@code Offlining page 12345000}. */
    record Action(String line) implements AccountingEvent {
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
