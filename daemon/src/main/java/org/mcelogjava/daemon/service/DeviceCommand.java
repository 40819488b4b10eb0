package org.mcelogjava.daemon.service;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.daemon.device.Batch;
import org.mcelogjava.daemon.device.DeviceLoop;
import org.mcelogjava.daemon.device.McelogDeviceFile;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.EventAnnouncer;
import org.mcelogjava.daemon.sink.RecordLog;
import org.mcelogjava.daemon.sink.SyslogWriter;

/**
 * mcelog reading the simulator's device: one-shot (read what is pending, print it, exit, as
 * {@code mcelog} without {@code --daemon} does with /dev/mcelog) or as a daemon (sleep in poll,
 * log every batch, reopen the log on SIGUSR1, keep a pidfile, stop cleanly on SIGTERM or SIGINT
 * with status 0).
 *
 * <p>Output channels follow mcelog: decoded text to stdout, or to the log file when one is given
 * (a daemon not in the foreground logs to {@code /var/log/mcelog} by default); errors to stderr,
 * and also to the log file in daemon mode. The JVM cannot fork, so {@code --daemon} without
 * {@code --foreground} runs in the foreground too; detaching is left to systemd or jsvc.
 */
public final class DeviceCommand {

    /** Identity this client gives the simulator in its handshake. */
    public static final String IDENTITY = "mcelog-java/0.1.0";

    /**
     * @param socket   the simulator's device socket
     * @param daemon   keep running (--daemon)
     * @param logfile  where decoded text goes, if not stdout
     * @param pidfile  the daemon's pidfile, if any
     * @param signals  trap SIGTERM/SIGINT (stop) and SIGUSR1 (reopen the log), as a process of its own does;
     *                 off when embedded (tests, jsvc, which delivers its own signals)
     * @param services for a daemon, mcelog.conf's accounting, triggers, client socket and stream
     *                 (with the forced CPU type, if any); empty: the record loop alone
     * @param syslog   {@code --syslog}: decoded text and errors also go to this syslog socket
     *                 ({@code /dev/log}), and not to stdout
     * @param syslogTextLevel syslog severity of decoded text: LOG_WARNING, or LOG_ERR with {@code --syslog-error}
     */
    public record Settings(Path socket, boolean daemon, Optional<Path> logfile, Optional<Path> pidfile, boolean signals,
                           Optional<Services> services, Optional<Path> syslog, int syslogTextLevel) {

        /** Settings without syslog. */
        public Settings(Path socket, boolean daemon, Optional<Path> logfile, Optional<Path> pidfile, boolean signals,
                        Optional<Services> services) {
            this(socket, daemon, logfile, pidfile, signals, services, Optional.empty(), SyslogWriter.LOG_WARNING);
        }
    }

    /**
     * @param config  the validated mcelog.conf
     * @param cpuType the forced CPU type, if any
     */
    public record Services(McelogConfig config, Optional<CpuType> cpuType) {
    }

    private final Settings settings;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final AtomicReference<DeviceLoop> loopRef = new AtomicReference<>();
    private final AtomicReference<RecordLog> logRef = new AtomicReference<>();
    private final AtomicReference<DaemonServices> servicesRef = new AtomicReference<>();
    private Consumer<String> daemonErrors = line -> { };
    private volatile boolean stopped;

    public DeviceCommand(Settings settings, OutputStream stdout, PrintStream stderr) {
        this.settings = settings;
        this.stdout = new PrintStream(stdout, true, StandardCharsets.ISO_8859_1);
        this.stderr = stderr;
    }

    /**
     * Runs; returns the exit status.
     *
     * @param processorFactory builds the record processor once the output channels exist
     */
    public int run(ProcessorFactory processorFactory) {
        return settings.daemon() ? daemon(processorFactory) : oneShot(processorFactory);
    }

    /** Builds the processor over the chosen channels. */
    @FunctionalInterface
    public interface ProcessorFactory {
        RecordProcessor create(RecordSink sink, Consumer<String> text, Consumer<String> errors,
                               RecordProcessor.Accounting accounting, EventAnnouncer announcer);
    }

    private int oneShot(ProcessorFactory factory) {
        Consumer<String> stderrErrors = line -> stderr.print("mcelog: " + line + "\n");
        SyslogWriter syslog;
        try {
            syslog = openSyslog();
        } catch (IOException e) {
            stderrErrors.accept(e.getMessage());
            return 1;
        }
        RecordLog log = null;
        try {
            if (settings.logfile().isPresent()) {
                log = new RecordLog(settings.logfile().get(), stderrErrors);
            }
            Consumer<String> text = withSyslog(log != null ? log::append : syslog != null ? t -> { } : stdout::print,
                    syslog, settings.syslogTextLevel());
            Consumer<String> errors = withSyslog(stderrErrors, syslog, SyslogWriter.LOG_ERR);
            RecordProcessor processor = factory.create((decoded, t) -> text.accept(t), text, errors,
                    RecordProcessor.Accounting.NONE, EventAnnouncer.NONE);
            try (McelogDeviceFile device = McelogDeviceFile.open(settings.socket(), IDENTITY, false)) {
                Batch batch = device.read();
                processor.process(batch);
            }
            return 0;
        } catch (IOException e) {
            stderrErrors.accept("Cannot open `" + settings.socket() + "': " + e.getMessage());
            stderrErrors.accept("Is the simulator (mce-sim run) running and is MCE_SIM_SOCKET or --socket right?");
            return 1;
        } catch (DeviceException e) {
            stderrErrors.accept("Cannot open `" + settings.socket() + "': " + e.getMessage());
            return 1;
        } finally {
            if (log != null) {
                log.close();
            }
            if (syslog != null) {
                syslog.close();
            }
        }
    }

    private SyslogWriter openSyslog() throws IOException {
        return settings.syslog().isPresent() ? SyslogWriter.open(settings.syslog().get()) : null;
    }

    /** {@code channel}, and the same text to syslog at {@code level} when syslog is on. */
    private static Consumer<String> withSyslog(Consumer<String> channel, SyslogWriter syslog, int level) {
        return syslog == null ? channel : t -> {
            channel.accept(t);
            syslog.log(level, t);
        };
    }

    private int daemon(ProcessorFactory factory) {
        Consumer<String> errorsToStderr = line -> stderr.print("mcelog: " + line + "\n");
        PidFile pid = null;
        RecordLog log = null;
        SyslogWriter syslogWriter = null;
        try {
            syslogWriter = openSyslog();
            if (settings.pidfile().isPresent()) {
                pid = PidFile.claim(settings.pidfile().get());
            }
            if (settings.logfile().isPresent()) {
                log = new RecordLog(settings.logfile().get(), errorsToStderr);
            }
        } catch (PidFile.AlreadyRunningException e) {
            errorsToStderr.accept(e.getMessage());
            return 1;
        } catch (IOException e) {
            errorsToStderr.accept(e.getMessage());
            if (pid != null) {
                pid.close();
            }
            if (syslogWriter != null) {
                syslogWriter.close();
            }
            return 1;
        }
        SyslogWriter syslog = syslogWriter;
        RecordLog logFile = log;
        logRef.set(logFile);
        Consumer<String> text = withSyslog(logFile != null ? logFile::append : syslog != null ? t -> { } : stdout::print,
                syslog, settings.syslogTextLevel());
        Consumer<String> errors = withSyslog(logFile == null ? errorsToStderr : line -> {
            errorsToStderr.accept(line);
            logFile.append("mcelog: " + line + "\n");
        }, syslog, SyslogWriter.LOG_ERR);
        daemonErrors = errors;
        DaemonServices services = settings.services().map(s -> new DaemonServices(s.config(), settings.socket(),
                s.cpuType(), text, errors, () -> System.currentTimeMillis() / 1000)).orElse(null);
        servicesRef.set(services);
        RecordProcessor processor = services == null
                ? factory.create((decoded, t) -> text.accept(t), text, errors, RecordProcessor.Accounting.NONE,
                        EventAnnouncer.NONE)
                : factory.create(services.sink(text), text, errors, services.accounting(text), services.announcer());
        // Not O_EXCL, as mcelog: an exclusive reader would lock out mce-inject's legacy writes to
        // the device. A second daemon is kept out by the pidfile instead.
        DeviceLoop loop = new DeviceLoop(() -> McelogDeviceFile.open(settings.socket(), IDENTITY, false),
                batch -> {
                    if (services != null) {
                        services.batchRead(batch);
                    }
                    if (!processor.process(batch)) {
                        loopRef.get().stop();
                    }
                }, errors, 100, 5_000);
        loopRef.set(loop);
        if (stopped) {
            loop.stop();
        }
        if (logFile != null && settings.signals()) {
            SignalTraps.trap("USR1", this::reopenLog);
        }
        PidFile pidFile = pid;
        // SIGTERM/SIGINT end the loop; this thread then closes the log and removes the pidfile,
        // and the process exits 0, as mcelog's handler does.
        if (settings.signals()) {
            SignalTraps.trap("TERM", this::stop);
            SignalTraps.trap("INT", this::stop);
        }
        try {
            loop.run();
            return 0;
        } catch (DeviceException e) {
            errors.accept("Cannot open `" + settings.socket() + "': " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (services != null) {
                services.close();
            }
            if (logFile != null) {
                logFile.close();
            }
            if (pidFile != null) {
                pidFile.close();
            }
            if (syslog != null) {
                syslog.close();
            }
        }
    }

    /** Ends a running daemon as SIGTERM does. Callable from any thread. */
    public void stop() {
        stopped = true;
        DeviceLoop loop = loopRef.get();
        if (loop != null) {
            loop.stop();
        }
    }

    /** Reopens the log file after a rotation, as SIGUSR1 does (jsvc: SIGUSR2). */
    public void reopenLog() {
        RecordLog log = logRef.get();
        if (log != null) {
            reopen(log, daemonErrors);
        }
        DaemonServices services = servicesRef.get();
        if (services != null) {
            services.logReopened();
        }
    }

    private static void reopen(RecordLog log, Consumer<String> errors) {
        try {
            log.reopen();
        } catch (IOException e) {
            errors.accept("cannot reopen the log: " + e.getMessage());
        }
    }
}
