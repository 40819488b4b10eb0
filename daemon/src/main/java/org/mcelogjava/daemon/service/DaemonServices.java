package org.mcelogjava.daemon.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.daemon.act.CountingPageOffliner;
import org.mcelogjava.daemon.act.DeviceLink;
import org.mcelogjava.daemon.act.PageOfflining;
import org.mcelogjava.daemon.act.SysfsCaches;
import org.mcelogjava.daemon.act.SysfsPageOffliner;
import org.mcelogjava.daemon.act.TriggerRunner;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.device.Batch;
import org.mcelogjava.daemon.dmi.DmiMemory;
import org.mcelogjava.daemon.history.DimmLabels;
import org.mcelogjava.daemon.history.HistoryDatabase;
import org.mcelogjava.daemon.history.HistoryRecorder;
import org.mcelogjava.daemon.history.RecentDimmErrors;
import org.mcelogjava.daemon.history.HistoryRecords;
import org.mcelogjava.daemon.report.LiveReport;
import org.mcelogjava.daemon.policy.AccountingQueries;
import org.mcelogjava.daemon.policy.DecodeTriggers;
import org.mcelogjava.daemon.policy.MemoryErrorFilter;
import org.mcelogjava.daemon.policy.PageOfflineSupport;
import org.mcelogjava.daemon.server.ClientAccess;
import org.mcelogjava.daemon.server.ClientQueries;
import org.mcelogjava.daemon.server.ClientServer;
import org.mcelogjava.daemon.sink.StreamHub;
import org.mcelogjava.daemon.sink.StreamRecords;
import org.mcelogjava.daemon.sink.metrics.DaemonMetrics;
import org.mcelogjava.daemon.sink.metrics.prometheus.PrometheusMetrics;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.DevicePaths;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.mce.MceLayout;

/**
 * What a daemon runs beside its record loop, built from mcelog.conf: the trigger runner, the
 * memory and page accounting (mcelog's filter step), the record stream, and the client socket
 * that answers {@code dump}, {@code pages}, {@code ping} and {@code subscribe}. Each part that
 * must be stopped is registered, as it starts, with the daemon's {@link Closer}.
 */
final class DaemonServices {

    /** Records a stream reader may fall behind by before it misses some (PROTOCOL.md §15). */
    static final int READER_QUEUE = 4096;
    /** Records of the current log kept for a replay. */
    static final int REPLAY_RECORDS = 10_000;

    private final TriggerRunner triggers;
    private final MemoryErrorFilter accounting;
    private final StreamHub stream;
    private final StreamRecords streamRecords = new StreamRecords();
    private final DecodeTriggers decodeTriggers;
    private final CountingPageOffliner offliner;
    private final DaemonMetrics metrics;
    /** [history]: the SQLite history (issue 18), or null. */
    private final HistoryRecorder history;
    /** [report] listen: the history's live page (issue 18), or null. */
    private final LiveReport liveReport;

    /**
     * @param device  the simulator's device socket (its page offline interface is checked at start)
     * @param link    the daemon's one device connection, which cache lookups and page offlines use
     * @param cpuType the CPU type, forced or from /proc/cpuinfo, or empty: then memory accounting is
     *                on by default, as mcelog's is on an Intel server host
     * @param dmiDevices the DMI memory devices the DIMM database is filled from (with dmi-prepopulate)
     * @param log     the daemon's log (remarks: triggers run, refusals), taking newline-ended text
     * @param errors  the daemon's error channel
     * @param parts   the daemon's closer, which stops what starts here (in reverse order)
     */
    DaemonServices(McelogConfig config, Path device, DeviceLink link, Optional<CpuType> cpuType,
                   List<DmiMemory.Device> dmiDevices, Consumer<String> log, Consumer<String> errors,
                   LongSupplier wallClock, Closer parts) {
        ExecutorService outputReaders = Executors.newCachedThreadPool(daemonThreads("mcelog-trigger-output"));
        parts.add("the trigger output readers", outputReaders::shutdown);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("mcelog-timers"));
        parts.add("the daemon's timers", timers::shutdownNow);
        McelogConfig.Triggers t = config.triggers();
        triggers = new TriggerRunner(t.directory(), t.childrenMax(), t.queueMax(), t.timeout(), outputReaders, timers,
                line -> log.accept(line + "\n")); // the runner's lines are bare; the log takes text
        parts.add("the trigger runner", triggers::close);
        decodeTriggers = new DecodeTriggers(config, new SysfsCaches(link));
        offliner = new CountingPageOffliner(new SysfsPageOffliner(link));
        accounting = MemoryErrorFilter.configured(withUsablePageAction(config, device, errors),
                cpuType.orElse(CpuType.SKYLAKE_XEON), System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), wallClock);
        accounting.startupNotice().ifPresent(line -> log.accept(line + "\n"));
        if (config.dimm().dmiPrepopulate() && accounting.prefill(dmiDevices) > 0) {
            errors.accept("failed to prefill DIMM database from DMI data");
        }
        stream = new StreamHub(READER_QUEUE, REPLAY_RECORDS, MceLayout.SIZE, wallClock);
        timers.scheduleAtFixedRate(stream::heartbeat, 1, 1, TimeUnit.SECONDS); // each reader after 30 s of silence
        config.server().socketPath().map(path -> startServer(config.server(), path, errors))
                .ifPresent(server -> parts.add("the client socket " + server.path(), server::close));
        metrics = config.metrics().listen().map(address -> startMetrics(address, new DimmLabels(dmiDevices),
                config.history().database().map(db -> new RecentDimmErrors(db, wallClock, errors)), errors))
                .orElse(DaemonMetrics.NONE);
        if (metrics instanceof PrometheusMetrics p) {
            parts.add("the metrics endpoint", p::close);
        }
        history = config.history().database().map(path -> openHistory(path, dmiDevices, errors)).orElse(null);
        if (history != null) {
            parts.add("the history " + config.history().database().get(), history::close);
        }
        // issue 18: [report] listen serves the history's live page (the config requires a database for it)
        liveReport = config.history().report().map(address -> startLiveReport(address,
                config.history().database().orElseThrow(), errors)).orElse(null);
        if (liveReport != null) {
            parts.add("the live report page", liveReport::close);
        }
    }

    private static LiveReport startLiveReport(InetSocketAddress address, Path database, Consumer<String> errors) {
        try {
            return new LiveReport(address, database, () -> System.currentTimeMillis() / 1000);
        } catch (IOException e) {
            errors.accept("report page: " + e.getMessage() + "; running without it");
            return null;
        }
    }

    /** Records that may wait for the history's disk before new batches are not stored (a few MiB of rows). */
    static final int HISTORY_QUEUE = 4096;

    private static HistoryRecorder openHistory(Path path, List<DmiMemory.Device> dmiDevices, Consumer<String> errors) {
        try {
            return new HistoryRecorder(HistoryDatabase.open(path),
                    new HistoryRecords(new DimmLabels(dmiDevices), ZoneId.systemDefault()), HISTORY_QUEUE, errors);
        } catch (SQLException e) {
            errors.accept(e.getMessage() + "; running without a history");
            return null;
        }
    }

    /**
     * mcelog's start-up check of the page offline interface, against the simulator's sysfs: an
     * offlining action whose file is missing or not writable becomes {@code account}, with mcelog's
     * message. A simulator not reachable yet is not judged: offlining is tried, and reported, when due.
     */
    private static McelogConfig withUsablePageAction(McelogConfig config, Path device, Consumer<String> errors) {
        McelogConfig.PageAction action = config.page().action();
        if (action == McelogConfig.PageAction.OFF || action == McelogConfig.PageAction.ACCOUNT) {
            return config;
        }
        try (DeviceConnection c = DeviceConnection.connect(device, DeviceCommand.IDENTITY)) {
            McelogConfig.PageAction usable = PageOfflineSupport.usable(action, memoryDir(c), c.privileged());
            if (usable != action) {
                errors.accept(PageOfflineSupport.UNSUPPORTED);
                return config.withPageAction(usable);
            }
            return config;
        } catch (IOException | DeviceException e) {
            return config;
        }
    }

    /** /sys/devices/system/memory's entries; none when the directory does not exist. */
    private static List<AttrEntry> memoryDir(DeviceConnection c) throws IOException, DeviceException {
        try {
            return c.list(DevicePaths.MEMORY_DIR);
        } catch (DeviceException e) {
            if (e.errno() == Errno.ENOENT) {
                return List.of();
            }
            throw e;
        }
    }

    private ClientServer startServer(McelogConfig.Server s, Path path, Consumer<String> errors) {
        try {
            ClientAccess access = ClientAccess.resolve(s.clientUser(), s.clientGroup().orElse(null));
            AccountingQueries q = accounting.queries();
            ClientQueries queries = new ClientQueries() {
                @Override
                public String dump(boolean all, boolean bios) {
                    return q.dump(all, bios);
                }

                @Override
                public String pages() {
                    return q.pages();
                }
            };
            return ClientServer.start(path, access, queries, stream, s.initialPingTimeout() * 1000, errors);
        } catch (IOException e) {
            errors.accept("client socket " + path + ": " + e.getMessage() + "; running without it");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private DaemonMetrics startMetrics(InetSocketAddress address, DimmLabels labels, Optional<RecentDimmErrors> recent,
                                       Consumer<String> errors) {
        try {
            return new PrometheusMetrics(address, triggers, stream::droppedForReaders, stream::readerCount, offliner,
                    labels, recent);
        } catch (IOException e) {
            errors.accept("metrics endpoint: " + e.getMessage() + "; running without it");
            return DaemonMetrics.NONE;
        }
    }

    /** A batch was read: counts the kernel's overflow reports. */
    void batchRead(Batch batch) {
        if (batch.overflowed()) {
            metrics.deviceOverflow();
        }
        if (history != null) {
            history.batchBegins(batch);
        }
    }

    /** A batch was processed: the history stores it. */
    void batchDone() {
        if (history != null) {
            history.batchEnds();
        }
    }

    /**
     * The policies (memory and page accounting, decode-time triggers), with their lines going to
     * {@code text}, their triggers to the runner and their page offlines to the simulator's sysfs.
     */
    RecordProcessor.Policies policies(Consumer<String> text) {
        return new RecordProcessor.Policies(accounting, decodeTriggers, line -> text.accept(line + "\n"),
                triggers::submit, new PageOfflining(offliner));
    }

    /** The sink that logs a record's text and streams it. */
    RecordSink sink(Consumer<String> text) {
        return (decoded, outcome, t) -> {
            text.accept(t);
            metrics.recordLogged(decoded);
            stream.publish(streamRecords.next(decoded, t, outcome.thresholds(), outcome.actions()));
            if (history != null) {
                history.record(decoded, outcome);
            }
        };
    }

    /** The log was reopened after rotation: a replay starts from the new file. */
    void logReopened() {
        stream.logReopened();
    }

    private static ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
