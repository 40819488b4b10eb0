package org.mcelogjava.daemon.decode;

/**
 * Text written into a record's decode text where mcelog prints it while decoding: the line of a
 * decode-time trigger ({@code run_yellow_trigger}, {@code run_bus_trigger}, {@code run_iomca_trigger},
 * {@code run_unknown_trigger}), which mcelog logs in the middle of {@code dump_mce}'s output.
 *
 * @param at   the length of decode text written before it ({@link McaEvent#at()})
 * @param text what is written there
 */
public record TextInsert(int at, String text) {
}
