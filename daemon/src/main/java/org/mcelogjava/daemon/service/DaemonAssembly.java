package org.mcelogjava.daemon.service;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.client.Version;
import org.mcelogjava.daemon.act.CountingPageOffliner;
import org.mcelogjava.daemon.act.PageOfflining;
import org.mcelogjava.daemon.act.SysfsCaches;
import org.mcelogjava.daemon.act.SysfsPageOffliner;
import org.mcelogjava.daemon.act.TriggerRunner;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.DimmMap;
import org.mcelogjava.daemon.device.AppliedRecords;
import org.mcelogjava.daemon.device.CannotOpen;
import org.mcelogjava.daemon.device.DeviceLoop;
import org.mcelogjava.daemon.device.LiveConnection;
import org.mcelogjava.daemon.device.StartupDevice;
import org.mcelogjava.daemon.dmi.DmiMemory;
import org.mcelogjava.daemon.history.HistoryRecorder;
import org.mcelogjava.daemon.history.RecentDimmErrors;
import org.mcelogjava.daemon.machine.MachineFiles;
import org.mcelogjava.daemon.policy.DecodeTriggers;
import org.mcelogjava.daemon.policy.MemoryErrorFilter;
import org.mcelogjava.daemon.sink.LogJournal;
import org.mcelogjava.daemon.sink.RecordLog;
import org.mcelogjava.daemon.sink.StreamHub;
import org.mcelogjava.daemon.sink.metrics.DaemonMetrics;
import org.mcelogjava.daemon.sink.metrics.prometheus.PrometheusMetrics;
import org.mcelogjava.protocol.mce.MceLayout;

/**
 * The daemon's composition root ({@code mcelog --daemon}): {@link #run} builds every part from the
 * sealed {@link Plan}, top to bottom in the order they start, each registered with one
 * {@link Closer} that stops them in reverse, then runs the device loop until SIGTERM/SIGINT
 * ({@link #stop}) or {@code --num-errors}. The parts, in order: the pidfile; the output channels
 * (log, syslog) and the log journal; the trigger runner; the policies (memory and page accounting,
 * decode-time triggers) and their executors (page offlining, cache lookups) on the machine's
 * files; the record stream, the client socket and the metrics endpoint; the history and its
 * live page; the sinks and the record processor; the device loop.
 *
 * <p>One device connection, for the simulator's socket: the one the command line's start-up checks
 * read the machine through (the CPU and DMI tables) checks the page offline interface here, and is
 * the device loop's first ({@link StartupDevice}); the loop opens a new one only after losing it.
 * Cache lookups and page offlines borrow the loop's ({@link LiveConnection}). For a device file
 * ({@code /dev/mcelog}, or the simulator's mounted one) the loop reads the file with the system
 * calls and the checks, lookups and offlines use the file system beside it. The JVM cannot fork, so {@code --daemon} without {@code --foreground}
 * runs in the foreground too; detaching is left to systemd or jsvc.
 */
public final class DaemonAssembly {

    /** Identity this daemon gives the simulator in its handshake. */
    public static final String IDENTITY = Version.identity("mcelog-java");
    /**
     * Records a stream reader may fall behind by before it misses some, and the newest records of
     * the current log a replay sends (PROTOCOL.md §15).
     */
    static final int READER_QUEUE = 4096;

    /**
     * Everything the daemon is built from, decided before it starts.
     *
     * @param config     the validated mcelog.conf, with the command line's overrides
     * @param cpuType    the CPU type, forced or from /proc/cpuinfo, or empty: memory accounting is then
     *                   on by default, as mcelog's is on an Intel server host
     * @param dmiDevices the DMI memory devices, which name the DIMMs and map their addresses; empty without DMI
     * @param decoding   how records are decoded and printed
     * @param logfile    where decoded text goes, if not stdout
     * @param pidfile    the daemon's pidfile, if any
     * @param signals    trap SIGTERM/SIGINT (stop) and SIGUSR1 (reopen the log), as a process of its own
     *                   does; off when embedded (tests, jsvc, which delivers its own signals)
     * @param syslog     {@code --syslog}: decoded text and errors also go to this socket, not to stdout
     * @param syslogTextLevel syslog severity of decoded text
     */
    public record Plan(McelogConfig config, Optional<CpuType> cpuType, List<DmiMemory.Device> dmiDevices,
                       Decoding decoding, Optional<Path> logfile, Optional<Path> pidfile, boolean signals,
                       Optional<Path> syslog, int syslogTextLevel) {
        public Plan {
            dmiDevices = List.copyOf(dmiDevices);
        }

        /** This plan with {@code checked} for its config (the start-up checks' verdict). */
        Plan withConfig(McelogConfig checked) {
            return new Plan(checked, cpuType, dmiDevices, decoding, logfile, pidfile, signals, syslog,
                    syslogTextLevel);
        }
    }

    private final Plan plan;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final LongSupplier wallClock = () -> System.currentTimeMillis() / 1000;
    private final AtomicReference<DeviceLoop> loopRef = new AtomicReference<>();
    private final AtomicReference<Runnable> reopen = new AtomicReference<>(() -> { });
    private volatile boolean stopped;

    public DaemonAssembly(Plan plan, OutputStream stdout, PrintStream stderr) {
        this.plan = plan;
        this.stdout = new PrintStream(stdout, true, StandardCharsets.ISO_8859_1);
        this.stderr = stderr;
    }

    /**
     * Builds the daemon and runs it until stopped; returns the exit status.
     *
     * @param device the device as the start-up checks left it (for the socket, with the connection
     *               they used); the daemon owns it from now on
     */
    public int run(StartupDevice device) {
        McelogConfig config = plan.config();
        if (plan.signals()) {
            // Trapped before the pidfile exists, so a SIGTERM at any moment after it appears is a
            // clean stop, after which the parts are closed and the process exits 0, as mcelog's handler does.
            SignalTraps.trap("USR1", this::reopenLog);
            SignalTraps.trap("TERM", this::stop);
            SignalTraps.trap("INT", this::stop);
        }
        try (Closer parts = new Closer(line -> stderr.print("mcelog: " + line + "\n"))) {
            parts.add("the start-up connection", device::close); // unless the device loop took it
            try {
                if (plan.pidfile().isPresent()) {
                    PidFile pid = PidFile.claim(plan.pidfile().get());
                    parts.add("the pidfile " + plan.pidfile().get(), pid::close);
                }
            } catch (PidFile.AlreadyRunningException | IOException e) {
                stderr.print("mcelog: " + e.getMessage() + "\n");
                return 1;
            }

            OutputChannels out;
            try {
                out = OutputChannels.open(plan.logfile(), config.logRolling(), plan.syslog(), plan.syslogTextLevel(),
                        true, stdout, stderr);
            } catch (IOException e) {
                stderr.print("mcelog: " + e.getMessage() + "\n");
                return 1;
            }
            parts.add("the log", out::close);
            Consumer<String> text = out.text();
            Consumer<String> errors = out.errors();
            Optional<LogJournal> journal;
            try {
                journal = out.log().isPresent()
                        ? Optional.of(LogJournal.open(journalPath(plan.logfile().get()), out.log().get(), errors))
                        : Optional.empty();
            } catch (IOException e) {
                errors.accept("cannot open the log journal: " + e.getMessage());
                return 1;
            }
            journal.ifPresent(j -> parts.add("the log journal", j::close));

            LiveConnection live = new LiveConnection(); // the loop's: records, cache lookups, page offlines
            Plan checked = plan.withConfig(PageActionCheck.usable(config, device.machine(), errors));
            RecordPath path = recordPath(checked, parts, text, errors, device.operand().machine(live), wallClock);
            reopen.set(() -> {
                out.log().ifPresent(log -> reopen(log, errors));
                path.stream().logReopened(); // a replay starts from the new file
            });
            ScheduledExecutorService logRetry =
                    Executors.newSingleThreadScheduledExecutor(daemonThreads("mcelog-log-retry"));
            parts.add("the log retry timer", logRetry::shutdownNow);
            out.log().ifPresent(log -> logRetry.scheduleWithFixedDelay(log::retry, 1, 1, TimeUnit.SECONDS));

            // Not O_EXCL, as mcelog: that would lock out mce-inject's legacy writes to the device. The
            // simulator's only-reader open (PROTOCOL.md §12) keeps other readers from taking records.
            DeviceLoop loop = new DeviceLoop(live.opening(() -> device.open(true)), device.operand().name(),
                    new BatchPath(journal, path.metrics(), path.processor(), path.history(), this::stop, errors),
                    journal.map(LogJournal::appliedRecords).orElseGet(AppliedRecords::none),
                    errors, 100, 5_000, () -> System.nanoTime() / 1_000_000);
            loopRef.set(loop);
            if (stopped) {
                loop.stop();
            }
            try {
                loop.run();
                return 0;
            } catch (DeviceException e) {
                errors.accept(CannotOpen.line(device.operand().path(), e.getMessage()));
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    /** What the device loop hands each batch to, and the parts the daemon reaches after it is built. */
    record RecordPath(RecordProcessor processor, DaemonMetrics metrics, StreamHub stream,
                      Optional<HistoryRecorder> history) {
    }

    /**
     * The record's path, in the order its parts start, each registered with {@code parts}: the
     * trigger runner; the policies (memory and page accounting, decode-time triggers) and their
     * executors (cache lookups, page offlines on {@code machine}: over the daemon's one device
     * connection for the socket, the file system for a device file);
     * the record stream, the client socket and the metrics endpoint; the history and its live page;
     * the sinks and the record processor.
     *
     * @param text   the decoded-text channel (the log), taking newline-ended text
     * @param errors the daemon's error channel
     */
    static RecordPath recordPath(Plan plan, Closer parts, Consumer<String> text, Consumer<String> errors,
                                 MachineFiles machine, LongSupplier wallClock) {
        McelogConfig config = plan.config();
        ExecutorService outputReaders = Executors.newCachedThreadPool(daemonThreads("mcelog-trigger-output"));
        parts.add("the trigger output readers", outputReaders::shutdown);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("mcelog-timers"));
        parts.add("the daemon's timers", timers::shutdownNow);
        McelogConfig.Triggers t = config.triggers();
        TriggerRunner triggers = new TriggerRunner(t.directory(), t.childrenMax(), t.queueMax(), t.timeout(),
                outputReaders, timers, line -> text.accept(line + "\n")); // the runner's lines are bare
        parts.add("the trigger runner", triggers::close);

        DecodeTriggers decodeTriggers = new DecodeTriggers(config, new SysfsCaches(machine));
        CountingPageOffliner offliner = new CountingPageOffliner(new SysfsPageOffliner(machine));
        MemoryErrorFilter accounting = MemoryErrorFilter.configured(config,
                plan.cpuType().orElse(CpuType.SKYLAKE_XEON), System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                wallClock);
        accounting.startupNotice().ifPresent(line -> text.accept(line + "\n"));
        if (config.dimm().dmiPrepopulate() && accounting.prefill(plan.dmiDevices()) > 0) {
            errors.accept("failed to prefill DIMM database from DMI data");
        }
        RecordProcessor.Policies policies = new RecordProcessor.Policies(accounting, decodeTriggers,
                line -> text.accept(line + "\n"), triggers::submit, new PageOfflining(offliner));

        StreamHub stream = new StreamHub(READER_QUEUE, MceLayout.SIZE, wallClock);
        timers.scheduleAtFixedRate(stream::heartbeat, 1, 1, TimeUnit.SECONDS); // each reader after 30 s of silence
        config.server().socketPath().flatMap(path -> OptionalParts.clientSocket(config.server(), path, accounting.queries(), stream,
                errors)).ifPresent(server -> parts.add("the client socket " + server.path(), server::close));
        DaemonMetrics metrics = config.metrics().listen()
                .map(address -> OptionalParts.metrics(address, triggers, stream, offliner,
                        config.history().database().map(db -> new RecentDimmErrors(db, wallClock, errors)), errors))
                .orElse(DaemonMetrics.NONE);
        if (metrics instanceof PrometheusMetrics p) {
            parts.add("the metrics endpoint", p::close);
        }

        Optional<HistoryRecorder> history = config.history().database()
                .flatMap(file -> OptionalParts.history(file, errors));
        history.ifPresent(h -> parts.add("the history " + config.history().database().get(), h::close));
        // [report] listen serves the history's live page (the config requires a database for it)
        config.history().report().flatMap(address -> OptionalParts.liveReport(address,
                config.history().database().orElseThrow(), wallClock, errors))
                .ifPresent(page -> parts.add("the live report page", page::close));

        RecordProcessor processor = plan.decoding().processor(new DimmMap(plan.dmiDevices()),
                new DaemonSinks(text, metrics, stream, history), text, errors, policies, wallClock);
        return new RecordPath(processor, metrics, stream, history);
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
        reopen.get().run();
    }

    /** The journal beside the log file: {@code <logfile>.journal}. */
    private static Path journalPath(Path logfile) {
        return logfile.resolveSibling(logfile.getFileName() + ".journal");
    }

    private static void reopen(RecordLog log, Consumer<String> errors) {
        try {
            log.reopen();
        } catch (IOException e) {
            errors.accept("cannot reopen the log: " + e.getMessage());
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
