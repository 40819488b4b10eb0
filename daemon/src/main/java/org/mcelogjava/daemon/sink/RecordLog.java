package org.mcelogjava.daemon.sink;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractOutputStreamAppender;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.appender.RollingFileAppender;
import org.apache.logging.log4j.core.appender.rolling.CompositeTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.DefaultRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.TimeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.TriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.action.Action;
import org.apache.logging.log4j.core.appender.rolling.action.DeleteAction;
import org.apache.logging.log4j.core.appender.rolling.action.IfAccumulatedFileCount;
import org.apache.logging.log4j.core.appender.rolling.action.IfFileName;
import org.apache.logging.log4j.core.appender.rolling.action.PathCondition;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.NullConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.mcelogjava.daemon.config.LogRolling;

/**
 * The daemon's log file (mcelog's {@code --logfile}, {@code /var/log/mcelog} for the service):
 * decoded record text appended verbatim through a dedicated Log4j2 logger and file appender, in a
 * logger context of its own so the operator's log4j2.xml for the daemon's diagnostics cannot
 * reroute or reformat it.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>A record is one log event, encoded whole and written with one {@code write(2)} (a buffer
 *       larger than any record, flushed after every event), so a reader tailing the file never
 *       sees half of it.</li>
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

    private static final String LOGGER = "mcelog.records";
    /**
     * Larger than any decoded record: with buffered I/O and a flush after every event, one record
     * is one write. (Without buffered I/O Log4j2 encodes through its 8 KiB default buffer instead.)
     */
    private static final int BUFFER_SIZE = 64 * 1024;
    /** While writes fail, new records only queue; a write is retried at most this often. */
    static final long RETRY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path path;
    private final LogRolling rolling;
    private final Consumer<String> errors;
    private final LongSupplier nanoClock;
    private final LongSupplier wallMillis;
    private final LoggerContext context;
    private final LoggerConfig loggerConfig;
    private final Deque<String> unwritten = new ArrayDeque<>();
    private final NullConfiguration config = new QuietConfiguration();
    private AbstractOutputStreamAppender<?> appender;
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
        this.rolling = rolling;
        this.errors = errors;
        this.nanoClock = nanoClock;
        this.wallMillis = wallMillis;
        this.loggerConfig = LoggerConfig.newBuilder()
                .setLoggerName(LOGGER)
                .setLevel(Level.INFO)
                .setAdditivity(false)
                .setConfig(config)
                .build();
        config.addLogger(LOGGER, loggerConfig);
        this.context = new LoggerContext("mcelog-record-log");
        context.start(config);
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
                loggerConfig.log(Log4jLogEvent.newBuilder()
                        .setLoggerName(LOGGER)
                        .setLevel(Level.INFO)
                        .setMessage(new SimpleMessage(text))
                        .setTimeMillis(wallMillis.getAsLong())
                        .build());
                written(utf8Length(text));
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

    /** The bytes {@code text} takes in UTF-8, counted without encoding it (this runs for every record). */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1; // a lone surrogate: the encoder writes '?'
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Where the file ends after a record of {@code bytes} went out. A rolling appender may have
     * started a new file before it: its manager knows the size (no system call), and a size
     * smaller than expected means a roll, after which the new file's identity is taken.
     */
    private void written(long bytes) {
        if (!(appender instanceof RollingFileAppender rolled)) {
            goodSize += bytes;
            return;
        }
        long size = rolled.getManager().getFileSize();
        if (size < goodSize + bytes) {
            openKey = fileKey(path);
        }
        goodSize = size;
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
        appender = rolling.enabled() ? rollingAppender()
                : verbatim(new FileBuilder()).setFileName(path.toString()).setAppend(true).build();
        if (appender == null) {
            throw new IOException("cannot open log file " + path);
        }
        appender.start();
        loggerConfig.addAppender(appender, null, null);
        context.updateLoggers();
        goodSize = sizeOf(path);
        openKey = fileKey(path);
    }

    /**
     * What both appenders share: the record text as it is (layout {@code %m}), one write per record
     * (a buffer larger than any record, flushed after every event), failures thrown to the caller.
     */
    private static <B extends AbstractOutputStreamAppender.Builder<B>> B verbatim(B builder) {
        return builder.setName("mcelog-log-file")
                .setImmediateFlush(true)
                .setBufferedIo(true)
                .setBufferSize(BUFFER_SIZE)
                .setIgnoreExceptions(false)
                .setLayout(PatternLayout.newBuilder().setPattern("%m").setCharset(StandardCharsets.UTF_8).build());
    }

    /** Log4j2's RollingFileAppender over the same path, with the policies and names of {@link LogRolling}. */
    private RollingFileAppender rollingAppender() {
        String name = path.getFileName().toString();
        Path dir = path.toAbsolutePath().getParent();
        String base = path.toAbsolutePath().toString().replace("%", "%%");
        List<TriggeringPolicy> policies = new ArrayList<>();
        if (rolling.maxBytes() > 0) {
            policies.add(SizeBasedTriggeringPolicy.createPolicy(Long.toString(rolling.maxBytes())));
        }
        DefaultRolloverStrategy.Builder strategy = DefaultRolloverStrategy.newBuilder()
                .setMax(Integer.toString(rolling.keep()))
                .setFileIndex("min")
                .setConfig(config);
        String pattern;
        if (rolling.period().isPresent()) {
            policies.add(TimeBasedTriggeringPolicy.newBuilder().setInterval(1).setModulate(true).build());
            pattern = base + "-%d{" + rolling.period().get().datePattern() + "}" + (rolling.maxBytes() > 0 ? ".%i" : "");
            // Dated names are not renumbered, so older ones are deleted by count. The glob cannot
            // match the log itself or its journal (LOG.journal).
            PathCondition keepNewest = IfFileName.createNameCondition(globQuote(name) + "-*", null,
                    IfAccumulatedFileCount.createFileCountCondition(rolling.keep()));
            strategy.setCustomActions(new Action[] {DeleteAction.createDeleteAction(dir.toString(), false, 1, false,
                    null, new PathCondition[] {keepNewest}, null, config)});
        } else {
            pattern = base + ".%i";
        }
        return verbatim(new RollingBuilder())
                .setFileName(path.toString())
                .setFilePattern(pattern)
                .setAppend(true)
                .setPolicy(CompositeTriggeringPolicy.createPolicy(policies.toArray(TriggeringPolicy[]::new)))
                .setStrategy(strategy.build())
                .setConfiguration(config)
                .build();
    }

    /** A file name as a literal in a glob: the glob's special characters escaped. */
    private static String globQuote(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            if ("*?[]{}\\".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
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

    /** Log4j2's builders are typed by themselves; these fix the type so {@link #verbatim} can serve both. */
    private static final class FileBuilder extends FileAppender.Builder<FileBuilder> {
    }

    private static final class RollingBuilder extends RollingFileAppender.Builder<RollingBuilder> {
    }

    /**
     * A configuration with nothing but this class's logger: NullConfiguration without the status
     * logger's "No Loggers were configured" warning on every start.
     */
    private static final class QuietConfiguration extends NullConfiguration {
        @Override
        protected void doConfigure() {
            // nothing to read: the logger and its appender are added in code
        }
    }
}
