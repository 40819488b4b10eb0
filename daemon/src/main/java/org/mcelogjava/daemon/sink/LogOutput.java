package org.mcelogjava.daemon.sink;

import java.io.IOException;

/**
 * The file {@link RecordLog} appends its records to, at the log's path: opened, written and closed
 * by it (closed and opened again after logrotate's rename, or to retry after a failure). Each
 * record is written whole, with one {@code write(2)}.
 */
interface LogOutput extends AutoCloseable {

    /** Where a record went: the file's size after it, and whether it started a new file (a roll). */
    record Appended(long size, boolean newFile) {
    }

    /** Opens the path for appending, creating the file when missing. */
    void open() throws IOException;

    boolean isOpen();

    /**
     * Appends one record's text (UTF-8) to the open file.
     *
     * @param size the file's size before it, as the log has counted it
     * @throws IOException or an unchecked exception when the write failed; part of the record may
     *                     have reached the file
     */
    Appended append(String text, long size) throws IOException;

    /** Closes the file; {@link #open} may open it again. */
    void closeFile();

    /** Closes the file and everything this output holds for good. */
    @Override
    void close();
}
