package org.mcelogjava.daemon.sink;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.daemon.config.LogRolling;

/**
 * The daemon's log file (mcelog's {@code --logfile}, {@code /var/log/mcelog} for the service):
 * decoded record text appended verbatim, to the file itself ({@link AppendedLogFile}) or, when the
 * daemon rolls it, through Log4j2's rolling file appender ({@link RollingLogFile}).
 *
 * <p>Guarantees:
 * <ul>
 *   <li>A record is encoded whole and written with one {@code write(2)}, so a reader tailing the
 *       file never sees half of it.</li>
 *   <li>A record that cannot be written (disk full, file system gone) is kept in order, the failure
 *       reported once, and retried before every later record and at every {@link #reopen()}; what a
 *       failed write left on disk is cut off first, so no record appears torn or twice. While
 *       writes fail, a retry happens at most once a second, so a full disk costs no busy loop.</li>
 *   <li>{@link #reopen()} closes and reopens the path, for logrotate's rename + signal.</li>
 *   <li>With {@link LogRolling} enabled, Log4j2's rolling file appender rolls the file itself
 *       (by size, hour or day) before the record that triggers the roll, so no record is split
 *       between two files.</li>
 * </ul>
 * Not thread-safe by itself beyond its own monitor: every method is synchronized.
 */
public final class RecordLog implements AutoCloseable {

    /** While writes fail, new records only queue; a write is retried at most this often. */
    static final long RETRY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path path;
    private final Consumer<String> errors;
    private final LongSupplier nanoClock;
    private final LogOutput output;
    private final Deque<String> unwritten = new ArrayDeque<>();
    /** The identity of the file being written, taken when it was opened. */
    private String openKey = "";
    private long goodSize;
    private boolean failing;
    private long lastFailure;

    /**
     * Opens (creating if needed) the log file for appending.
     *
     * @param errors where write failures and recoveries are reported (the daemon's own log)
     */
    public RecordLog(Path path, Consumer<String> errors) throws IOException {
        this(path, LogRolling.NONE, errors, System::nanoTime, System::currentTimeMillis);
    }

    /** As {@link #RecordLog(Path, Consumer)}, rolled by the daemon as {@code rolling} says. */
    public RecordLog(Path path, LogRolling rolling, Consumer<String> errors) throws IOException {
        this(path, rolling, errors, System::nanoTime, System::currentTimeMillis);
    }

    /**
     * As {@link #RecordLog(Path, LogRolling, Consumer)}, with the clock that paces retries and the
     * wall clock that stamps records (what time-based rolling compares with its period).
     */
    RecordLog(Path path, LogRolling rolling, Consumer<String> errors, LongSupplier nanoClock, LongSupplier wallMillis)
            throws IOException {
        this.path = path;
        this.errors = errors;
        this.nanoClock = nanoClock;
        this.output = rolling.enabled() ? new RollingLogFile(path, rolling, wallMillis) : new AppendedLogFile(path);
        try {
            open();
        } catch (IOException | RuntimeException e) {
            output.close();
            throw e;
        }
    }

    /** Appends one record's text, after any records still waiting from an earlier failure. */
    public synchronized void append(String text) {
        unwritten.addLast(text);
        if (!failing || nanoClock.getAsLong() - lastFailure >= RETRY_INTERVAL_NANOS) {
            drain();
        }
    }

    /**
     * Tries again to write records kept from a failure, if the retry interval has passed: for a
     * timer, so records are written once space returns even when no new record comes. The file is
     * reopened first, in case it was replaced meanwhile.
     */
    public synchronized void retry() {
        if (unwritten.isEmpty() || nanoClock.getAsLong() - lastFailure < RETRY_INTERVAL_NANOS) {
            return;
        }
        output.closeFile();
        drain();
    }

    /** Records accepted but not yet on disk because writing failed. */
    public synchronized int unwrittenCount() {
        return unwritten.size();
    }

    /**
     * Where the log ends now: the identity (device and inode) of the file being written, as opened,
     * and the bytes written to it. What a later {@link #rollBack} cuts back to. No file system call.
     */
    public synchronized Checkpoint checkpoint() {
        return new Checkpoint(openKey, goodSize);
    }

    /**
     * Cuts the log back to a checkpoint, if the file at the path is still the one it was taken
     * on and has grown past it; returns the bytes removed (0 when nothing was cut).
     */
    public synchronized long rollBack(Checkpoint to) throws IOException {
        if (!to.fileKey().equals(fileKey(path))) {
            return 0;
        }
        long cut;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size <= to.size()) {
                return 0;
            }
            ch.truncate(to.size());
            cut = size - to.size();
        }
        // the output counts the file's bytes itself (Log4j's rolling manager does): it starts again from the file
        output.closeFile();
        open();
        return cut;
    }

    /**
     * A position in the log file.
     *
     * @param fileKey the file's device and inode ("" if unknown)
     * @param size    bytes written to it
     */
    public record Checkpoint(String fileKey, long size) {
    }

    /** Closes and reopens the file at the same path (after a rename by logrotate), then retries at once. */
    public synchronized void reopen() throws IOException {
        output.closeFile();
        open();
        drain();
    }

    @Override
    public synchronized void close() {
        output.close();
        if (!unwritten.isEmpty()) {
            errors.accept("log " + path + ": " + unwritten.size() + " record(s) could not be written before exit");
        }
    }

    private void drain() {
        if (!output.isOpen()) {
            try {
                open(); // a reopen or retry that failed to open left none: no write may go nowhere
            } catch (IOException | RuntimeException e) {
                failed(e);
                return;
            }
        }
        while (!unwritten.isEmpty()) {
            String text = unwritten.peekFirst();
            try {
                LogOutput.Appended appended = output.append(text, goodSize);
                if (appended.newFile()) {
                    openKey = fileKey(path);
                }
                goodSize = appended.size();
            } catch (IOException | RuntimeException e) {
                cutTornTail();
                failed(e);
                return;
            }
            unwritten.removeFirst();
        }
        if (failing) {
            failing = false;
            errors.accept("log " + path + " is writable again; pending records written");
        }
    }

    private void failed(Exception e) {
        lastFailure = nanoClock.getAsLong();
        if (!failing) {
            failing = true;
            errors.accept("cannot write log " + path + ": " + IoReason.of(root(e))
                    + "; keeping records until it can be written");
        }
    }

    /** A write that failed part-way leaves a record prefix on disk: cut the file back. */
    private void cutTornTail() {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            if (ch.size() > goodSize) {
                ch.truncate(goodSize);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // The file is gone or not a regular file (e.g. /dev/full); nothing to cut.
        }
    }

    private void open() throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("log directory " + parent + " does not exist");
        }
        output.open();
        goodSize = sizeOf(path);
        openKey = fileKey(path);
    }

    private static String fileKey(Path p) {
        try {
            Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            return key == null ? "" : key.toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The failure at the bottom of {@code t}'s causes: the system's, whose reason is the one to say. */
    private static Throwable root(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }
}
