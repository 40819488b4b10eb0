package org.mcelogjava.daemon.policy;

/** What accounting a record produced, in mcelog's order: a log line, or a trigger to run. */
public sealed interface AccountingEvent {

    /** A line for the log (without the newline), e.g. an overflow message or its location. */
    record Notice(String line) implements AccountingEvent {
    }

    /** A trigger to hand to the {@link TriggerRunner} (which logs its "Running trigger" line). */
    record Trigger(TriggerRequest request) implements AccountingEvent {
    }
}
