package org.mcelogjava.daemon.decode;

/**
 * What happens at the point of a record's text where mcelog runs a decode-time trigger
 * ({@code run_yellow_trigger}, {@code run_bus_trigger}, {@code run_iomca_trigger},
 * {@code run_unknown_trigger}): the daemon starts the configured trigger and writes its
 * "Running trigger" line there. Outside daemon mode nothing happens.
 */
@FunctionalInterface
public interface EventAnnouncer {

    /** No triggers: the text is the decode text alone. */
    EventAnnouncer NONE = (event, decoded, out) -> { };

    /** Called in text order, where the event's trigger runs; may append to {@code out}. */
    void announce(McaEvent event, DecodedMce decoded, TextBuffer out);
}
