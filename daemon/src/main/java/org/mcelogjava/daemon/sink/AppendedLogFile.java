package org.mcelogjava.daemon.sink;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.mcelogjava.client.IoReason;

/**
 * The log file as it is when the daemon does not roll it: a {@link FileOutputStream} opened for
 * appending ({@code O_APPEND}, so a record lands at the end even when another writer appended
 * meanwhile), each record's text encoded once and written with one {@code write(2)}. Not a
 * {@code FileChannel}: an interrupt of the writing thread must not close the file.
 */
final class AppendedLogFile implements LogOutput {

    private final Path path;
    private FileOutputStream out;

    AppendedLogFile(Path path) {
        this.path = path;
    }

    @Override
    public void open() throws IOException {
        try {
            out = new FileOutputStream(path.toFile(), true);
        } catch (FileNotFoundException e) {
            throw new IOException("cannot open log file " + path + ": " + IoReason.of(e), e);
        }
    }

    @Override
    public boolean isOpen() {
        return out != null;
    }

    @Override
    public Appended append(String text, long size) throws IOException {
        // a lone surrogate becomes '?', as with any of the JDK's UTF-8 encoders
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        return new Appended(size + bytes.length, false);
    }

    @Override
    public void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // nothing is buffered here: every record was written, or its failure reported, already
            }
            out = null;
        }
    }

    @Override
    public void close() {
        closeFile();
    }
}
