package org.mcelogjava.daemon.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
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
 * The log file when the daemon rolls it ({@link LogRolling} enabled): Log4j2's rolling file
 * appender rolls it (by size, hour or day) before the record that triggers the roll, so no record
 * is split between two files, and deletes the oldest rolled files. The record text goes through a
 * dedicated logger in a logger context of its own, so the operator's log4j2.xml for the daemon's
 * diagnostics cannot reroute or reformat it; a record is one event, encoded whole and written with
 * one {@code write(2)} (a buffer larger than any record, flushed after every event). Log4j2 is
 * loaded only for this: a log that is not rolled ({@link AppendedLogFile}) starts without it.
 */
final class RollingLogFile implements LogOutput {

    private static final String LOGGER = "mcelog.records";
    /**
     * Larger than any decoded record: with buffered I/O and a flush after every event, one record
     * is one write. (Without buffered I/O Log4j2 encodes through its 8 KiB default buffer instead.)
     */
    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path path;
    private final LogRolling rolling;
    private final LongSupplier wallMillis;
    private final NullConfiguration config = new QuietConfiguration();
    private final LoggerConfig loggerConfig;
    private final LoggerContext context;
    private RollingFileAppender appender;

    /**
     * @param wallMillis the wall clock that stamps records: what time-based rolling compares with its period
     */
    RollingLogFile(Path path, LogRolling rolling, LongSupplier wallMillis) {
        this.path = path;
        this.rolling = rolling;
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
    }

    @Override
    public void open() throws IOException {
        appender = rollingAppender();
        if (appender == null) {
            throw new IOException("cannot open log file " + path);
        }
        appender.start();
        loggerConfig.addAppender(appender, null, null);
        context.updateLoggers();
    }

    @Override
    public boolean isOpen() {
        return appender != null;
    }

    /**
     * The appender's manager knows the file's size (no system call): a size smaller than the record
     * added to the size before means it started a new file first.
     */
    @Override
    public Appended append(String text, long size) {
        loggerConfig.log(Log4jLogEvent.newBuilder()
                .setLoggerName(LOGGER)
                .setLevel(Level.INFO)
                .setMessage(new SimpleMessage(text))
                .setTimeMillis(wallMillis.getAsLong())
                .build());
        long after = appender.getManager().getFileSize();
        return new Appended(after, after < size + utf8Length(text));
    }

    /** The bytes {@code text} takes in UTF-8, counted without encoding it (this runs for every record). */
    private static long utf8Length(String text) {
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

    @Override
    public void closeFile() {
        if (appender != null) {
            loggerConfig.removeAppender(appender.getName());
            context.updateLoggers();
            appender.stop();
            appender = null;
        }
    }

    @Override
    public void close() {
        closeFile();
        context.stop();
    }

    /** Log4j2's RollingFileAppender over the path, with the policies and names of {@link LogRolling}. */
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
        return new RollingBuilder()
                .setName("mcelog-log-file")
                .setImmediateFlush(true)
                .setBufferedIo(true)
                .setBufferSize(BUFFER_SIZE)
                .setIgnoreExceptions(false)
                .setLayout(PatternLayout.newBuilder().setPattern("%m").setCharset(StandardCharsets.UTF_8).build())
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

    /** Log4j2's builder is typed by itself; this fixes the type. */
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
