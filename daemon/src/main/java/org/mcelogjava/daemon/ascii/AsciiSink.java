package org.mcelogjava.daemon.ascii;

/** Receives what {@link AsciiParser} finds, in input order. */
public interface AsciiSink {

    /** A complete record. */
    void record(AsciiRecord record);

    /** An unrecognised line, echoed from the point where parsing stopped (with its newline, if it had one). */
    void echo(String text);
}
