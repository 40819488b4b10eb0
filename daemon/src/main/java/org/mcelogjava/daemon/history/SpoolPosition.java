package org.mcelogjava.daemon.history;

/**
 * A place in the history's spool: a segment file ({@code <database>.spool.N}) and a byte offset in
 * it, the start of a record's frame or the segment's end.
 *
 * @param segment the segment's number, growing by one per segment
 * @param offset  bytes into that segment
 */
public record SpoolPosition(long segment, long offset) {

    /** Where a history that never spooled starts: before segment 1. */
    public static final SpoolPosition NONE = new SpoolPosition(0, 0);
}
