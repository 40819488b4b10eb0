package org.mcelogjava.daemon.policy;

/**
 * What accounting a record produced, in mcelog's order: a log line, a threshold crossed, something
 * done to the machine, or a trigger to run.
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

    /** A trigger to hand to the {@link TriggerRunner} (which logs its "Running trigger" line). */
    record Trigger(TriggerRequest request) implements AccountingEvent {
    }
}
