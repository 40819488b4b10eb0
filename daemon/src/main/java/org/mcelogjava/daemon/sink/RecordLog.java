package org.mcelogjava.daemon.sink;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.NullConfiguration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * The daemon's log file (mcelog's {@code --logfile}, {@code /var/log/mcelog} for the service):
 * decoded record text appended verbatim through a dedicated Log4j2 logger and file appender, in a
 * logger context of its own so the operator's log4j2.xml for the daemon's diagnostics cannot
 * reroute or reformat it.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>A record is one log event, encoded whole and written with one {@code write(2)} (unbuffered
 *       I/O, a buffer larger than any record), so a reader tailing the file never sees half of
 *       it.</li>
 *   <li>A record that cannot be written (disk full, file system gone) is kept in order, the failure
 *       reported once, and retried before every later record and at every {@link #reopen()}; what a
 *       failed write left on disk is cut off first, so no record appears torn or twice. While
 *       writes fail, a retry happens at most once a second, so a full disk costs no busy loop.</li>
 *   <li>{@link #reopen()} closes and reopens the path, for logrotate's rename + signal.</li>
 * </ul>
 * Not thread-safe by itself beyond its own monitor: every method is synchronized.
 */
public final class RecordLog implements AutoCloseable {

    private static final String LOGGER = "mcelog.records";
    /** Larger than any decoded record, so one record is one write. */
    private static final int BUFFER_SIZE = 64 * 1024;
    /** While writes fail, new records only queue; a write is retried at most this often. */
    static final long RETRY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path path;
    private final Consumer<String> errors;
    private final LongSupplier nanoClock;
    private final LoggerContext context;
    private final LoggerConfig loggerConfig;
    private final Logger logger;
    private final Deque<String> unwritten = new ArrayDeque<>();
    private FileAppender appender;
    /** The identity of the file the appender writes, taken when it was opened. */
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
        this(path, errors, System::nanoTime);
    }

    /** As {@link #RecordLog(Path, Consumer)}, with the clock that paces retries. */
    RecordLog(Path path, Consumer<String> errors, LongSupplier nanoClock) throws IOException {
        this.path = path;
        this.errors = errors;
        this.nanoClock = nanoClock;
        NullConfiguration config = new NullConfiguration();
        this.loggerConfig = LoggerConfig.newBuilder()
                .setLoggerName(LOGGER)
                .setLevel(Level.INFO)
                .setAdditivity(false)
                .setConfig(config)
                .build();
        config.addLogger(LOGGER, loggerConfig);
        this.context = new LoggerContext("mcelog-record-log");
        context.start(config);
        this.logger = context.getLogger(LOGGER);
        open();
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
        closeAppender();
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
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size <= to.size()) {
                return 0;
            }
            ch.truncate(to.size());
            goodSize = to.size();
            return size - to.size();
        }
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
        closeAppender();
        open();
        drain();
    }

    @Override
    public synchronized void close() {
        closeAppender();
        context.stop();
        if (!unwritten.isEmpty()) {
            errors.accept("log " + path + ": " + unwritten.size() + " record(s) could not be written before exit");
        }
    }

    private void drain() {
        if (appender == null) {
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
                logger.info(text);
                goodSize += text.getBytes(StandardCharsets.UTF_8).length;
            } catch (RuntimeException e) {
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
            errors.accept("cannot write log " + path + ": " + rootMessage(e)
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
        appender = FileAppender.newBuilder()
                .setName("mcelog-log-file")
                .setFileName(path.toString())
                .setAppend(true)
                .setImmediateFlush(true)
                .setBufferedIo(false)
                .setBufferSize(BUFFER_SIZE)
                .setIgnoreExceptions(false)
                .setLayout(PatternLayout.newBuilder().setPattern("%m").setCharset(StandardCharsets.UTF_8).build())
                .build();
        if (appender == null) {
            throw new IOException("cannot open log file " + path);
        }
        appender.start();
        loggerConfig.addAppender(appender, null, null);
        context.updateLoggers();
        goodSize = sizeOf(path);
        openKey = fileKey(path);
    }

    private void closeAppender() {
        if (appender != null) {
            loggerConfig.removeAppender(appender.getName());
            context.updateLoggers();
            appender.stop();
            appender = null;
        }
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

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
