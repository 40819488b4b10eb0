package org.mcelogjava.kernelsim.mca;

/** Which kernel path produced a grade or a record. */
public enum Path {
    /** {@code machine_check_poll} (timer, CMCI, injection, boot). */
    POLL,
    /** {@code do_machine_check}. */
    EXCEPTION
}
