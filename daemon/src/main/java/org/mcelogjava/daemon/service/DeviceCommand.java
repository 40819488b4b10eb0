package org.mcelogjava.daemon.service;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.client.DeviceUnreachableException;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.client.Version;
import org.mcelogjava.daemon.config.LogRolling;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.device.AppliedRecords;
import org.mcelogjava.daemon.device.Batch;
import org.mcelogjava.daemon.device.DeviceLoop;
import org.mcelogjava.daemon.device.LiveConnection;
import org.mcelogjava.daemon.device.McelogDeviceFile;
import org.mcelogjava.daemon.dmi.DmiMemory;
import org.mcelogjava.daemon.sink.LogJournal;
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
    public static final String IDENTITY = Version.identity("mcelog-java");

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
     * @param config         the validated mcelog.conf
     * @param cpuType        the CPU type, if forced or known from /proc/cpuinfo
     * @param dmiDevices     the machine's DMI memory devices, which name the DIMMs; empty without DMI
     */
    public record Services(McelogConfig config, Optional<CpuType> cpuType,
                           List<DmiMemory.Device> dmiDevices) {
        public Services {
            dmiDevices = List.copyOf(dmiDevices);
        }
    }

    private final Settings settings;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final AtomicReference<DeviceLoop> loopRef = new AtomicReference<>();
    private final AtomicReference<OutputChannels> outputRef = new AtomicReference<>();
    private final AtomicReference<DaemonServices> servicesRef = new AtomicReference<>();
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
                               RecordProcessor.Policies policies);
    }

    private int oneShot(ProcessorFactory factory) {
        OutputChannels out;
        try {
            out = OutputChannels.open(settings.logfile(), LogRolling.NONE, settings.syslog(),
                    settings.syslogTextLevel(), false, stdout, stderr);
        } catch (IOException e) {
            stderr.print("mcelog: " + e.getMessage() + "\n");
            return 1;
        }
        try (out) {
            RecordProcessor processor = factory.create((decoded, outcome, t) -> out.text().accept(t), out.text(), out.errors(),
                    RecordProcessor.Policies.NONE);
            try (McelogDeviceFile device = McelogDeviceFile.open(settings.socket(), IDENTITY, false)) {
                processor.process(device.read());
            }
            return 0;
        } catch (IOException e) {
            out.errors().accept("Cannot open `" + settings.socket() + "': "
                    + (e instanceof DeviceUnreachableException u ? u.reason() : IoReason.of(e)));
            out.errors().accept("Is the simulator (mce-sim run) running and is MCE_SIM_SOCKET or --socket right?");
            return 1;
        } catch (DeviceException e) {
            out.errors().accept("Cannot open `" + settings.socket() + "': " + e.getMessage());
            return 1;
        }
    }

    /**
     * The daemon, built top to bottom in the order its parts start, each registered with one
     * {@link Closer} that stops them in reverse: the pidfile, the output channels (log, syslog),
     * the log journal, the services beside the record loop (triggers, accounting, stream, client
     * socket, metrics: {@link DaemonServices}), the record processor, the log retry timer, and the
     * device loop on its one device connection ({@link LiveConnection}), which runs until stopped.
     */
    private int daemon(ProcessorFactory factory) {
        if (settings.signals()) {
            // Trapped before the pidfile exists, so a SIGTERM at any moment after it appears is a
            // clean stop. SIGUSR1 reopens the log; SIGTERM/SIGINT end the loop (or keep it from
            // starting), after which this thread closes the log and removes the pidfile, and the
            // process exits 0, as mcelog's handler does.
            SignalTraps.trap("USR1", this::reopenLog);
            SignalTraps.trap("TERM", this::stop);
            SignalTraps.trap("INT", this::stop);
        }
        try (Closer parts = new Closer(line -> stderr.print("mcelog: " + line + "\n"))) {
            try {
                if (settings.pidfile().isPresent()) {
                    PidFile pid = PidFile.claim(settings.pidfile().get());
                    parts.add("the pidfile " + settings.pidfile().get(), pid::close);
                }
            } catch (PidFile.AlreadyRunningException | IOException e) {
                stderr.print("mcelog: " + e.getMessage() + "\n");
                return 1;
            }
            OutputChannels out;
            try {
                out = OutputChannels.open(settings.logfile(),
                        settings.services().map(s -> s.config().logRolling()).orElse(LogRolling.NONE),
                        settings.syslog(), settings.syslogTextLevel(), true, stdout, stderr);
            } catch (IOException e) {
                stderr.print("mcelog: " + e.getMessage() + "\n");
                return 1;
            }
            parts.add("the log", out::close);
            LogJournal journal;
            try {
                journal = out.log().isPresent() ? LogJournal.open(journalPath(settings.logfile().get()),
                        out.log().get(), out.errors()) : null;
            } catch (IOException e) {
                out.errors().accept("cannot open the log journal: " + e.getMessage());
                return 1;
            }
            if (journal != null) {
                parts.add("the log journal", journal::close);
            }
            outputRef.set(out);
            LiveConnection device = new LiveConnection(); // one connection: records, caches, page offlining
            DaemonServices services = settings.services().map(s -> new DaemonServices(s.config(), settings.socket(),
                    device::connection, s.cpuType(), s.dmiDevices(), out.text(), out.errors(),
                    () -> System.currentTimeMillis() / 1000, parts))
                    .orElse(null);
            servicesRef.set(services);
            RecordProcessor processor = services == null
                    ? factory.create((decoded, outcome, t) -> out.text().accept(t), out.text(), out.errors(),
                            RecordProcessor.Policies.NONE)
                    : factory.create(services.sink(out.text()), out.text(), out.errors(),
                            services.policies(out.text()));
            ScheduledExecutorService logRetry = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mcelog-log-retry");
                t.setDaemon(true);
                return t;
            });
            parts.add("the log retry timer", logRetry::shutdownNow);
            out.log().ifPresent(log -> logRetry.scheduleWithFixedDelay(log::retry, 1, 1, TimeUnit.SECONDS));
            // Not O_EXCL, as mcelog: that would lock out mce-inject's legacy writes to the device. The
            // simulator's only-reader open (PROTOCOL.md §12) keeps other readers from taking records.
            DeviceLoop loop = new DeviceLoop(device.opening(() -> McelogDeviceFile.open(settings.socket(), IDENTITY, true)),
                    new DeviceLoop.Handler() {
                        private CompletionStage<?> stored = CompletableFuture.completedFuture(null);

                        @Override
                        public void batch(Batch batch) {
                            if (journal != null) {
                                begin(journal, batch, out.errors());
                            }
                            if (services != null) {
                                services.batchRead(batch);
                            }
                            boolean goOn = processor.process(batch);
                            if (services != null) {
                                stored = services.batchDone();
                            }
                            if (!goOn) {
                                loopRef.get().stop();
                            }
                        }

                        @Override
                        public CompletionStage<?> stored(Batch batch) {
                            return stored;
                        }

                        @Override
                        public CompletionStage<?> alreadyApplied(Batch batch) {
                            return services == null ? CompletableFuture.completedFuture(null)
                                    : services.catchUp(batch, processor);
                        }

                        @Override
                        public void applied(Batch batch) {
                            if (journal != null) {
                                markApplied(journal, batch, out.errors());
                            }
                        }
                    }, journal == null ? AppliedRecords.none() : journal.appliedRecords(),
                    out.errors(), 100, 5_000, () -> System.nanoTime() / 1_000_000);
            loopRef.set(loop);
            if (stopped) {
                loop.stop();
            }
            try {
                loop.run();
                return 0;
            } catch (DeviceException e) {
                out.errors().accept("Cannot open `" + settings.socket() + "': " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
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
        OutputChannels out = outputRef.get();
        if (out != null) {
            out.log().ifPresent(log -> reopen(log, out.errors()));
        }
        DaemonServices services = servicesRef.get();
        if (services != null) {
            services.logReopened();
        }
    }

    /** The journal beside the log file: {@code <logfile>.journal}. */
    private static Path journalPath(Path logfile) {
        return logfile.resolveSibling(logfile.getFileName() + ".journal");
    }

    private static void begin(LogJournal journal, Batch batch, Consumer<String> errors) {
        try {
            journal.begin(batch);
        } catch (IOException e) {
            errors.accept("cannot write the log journal: " + e.getMessage()
                    + "; a daemon killed now may log this batch twice");
        }
    }

    private static void markApplied(LogJournal journal, Batch batch, Consumer<String> errors) {
        try {
            journal.applied(batch);
        } catch (IOException e) {
            errors.accept("cannot write the log journal: " + e.getMessage()
                    + "; a daemon killed now may log this batch twice");
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
