package org.mcelogjava.daemon.server;

/**
 * One command line from a client, without its newline, or the notice that a line was longer than
 * the limit (its text is then dropped).
 *
 * @param text    the line, bytes as ISO-8859-1 characters
 * @param tooLong the line exceeded the limit
 */
record ClientLine(String text, boolean tooLong) {

    static final ClientLine TOO_LONG = new ClientLine("", true);
}
