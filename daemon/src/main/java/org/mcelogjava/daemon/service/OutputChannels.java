package org.mcelogjava.daemon.service;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.mcelogjava.daemon.config.LogRolling;
import org.mcelogjava.daemon.sink.RecordLog;
import org.mcelogjava.daemon.sink.SyslogWriter;

/**
 * mcelog's output channels ({@code msg.c}) for one run: where decoded text goes (the log file, else
 * stdout; syslog too with {@code --syslog}, which then replaces stdout) and where errors go (stderr
 * with the {@code mcelog: } prefix; syslog too; and, for a daemon, the log file as well).
 */
final class OutputChannels implements AutoCloseable {

    private final Optional<RecordLog> log;
    private final Optional<SyslogWriter> syslog;
    private final Consumer<String> text;
    private final Consumer<String> errors;

    private OutputChannels(Optional<RecordLog> log, Optional<SyslogWriter> syslog, Consumer<String> text,
                           Consumer<String> errors) {
        this.log = log;
        this.syslog = syslog;
        this.text = text;
        this.errors = errors;
    }

    /**
     * Opens the syslog socket and the log file the settings name.
     *
     * @param rolling     how the daemon rolls the log file itself, if at all
     * @param errorsToLog a daemon copies its errors into the log file too
     */
    static OutputChannels open(Optional<Path> logfile, LogRolling rolling, Optional<Path> syslogSocket,
                               int syslogTextLevel, boolean errorsToLog, PrintStream stdout, PrintStream stderr)
            throws IOException {
        Consumer<String> toStderr = line -> stderr.print("mcelog: " + line + "\n");
        SyslogWriter syslog = syslogSocket.isPresent() ? SyslogWriter.open(syslogSocket.get()) : null;
        RecordLog log;
        try {
            log = logfile.isPresent() ? new RecordLog(logfile.get(), rolling, toStderr) : null;
        } catch (IOException e) {
            if (syslog != null) {
                syslog.close();
            }
            throw e;
        }
        Consumer<String> text = log != null ? log::append : syslog != null ? t -> { } : stdout::print;
        Consumer<String> errors = toStderr;
        if (log != null && errorsToLog) {
            errors = line -> {
                toStderr.accept(line);
                log.append("mcelog: " + line + "\n");
            };
        }
        return new OutputChannels(Optional.ofNullable(log), Optional.ofNullable(syslog),
                withSyslog(text, syslog, syslogTextLevel), withSyslog(errors, syslog, SyslogWriter.LOG_ERR));
    }

    private static Consumer<String> withSyslog(Consumer<String> channel, SyslogWriter syslog, int level) {
        return syslog == null ? channel : t -> {
            channel.accept(t);
            syslog.log(level, t);
        };
    }

    /** Decoded text, accounting lines and remarks. */
    Consumer<String> text() {
        return text;
    }

    /** Errors, without the {@code mcelog: } prefix (added here). */
    Consumer<String> errors() {
        return errors;
    }

    /** The log file, if there is one (for reopening after rotation). */
    Optional<RecordLog> log() {
        return log;
    }

    @Override
    public void close() {
        log.ifPresent(RecordLog::close);
        syslog.ifPresent(SyslogWriter::close);
    }
}
