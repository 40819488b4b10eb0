package org.mcelogjava.daemon.sink.metrics.prometheus;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.daemon.act.CountingPageOffliner;
import org.mcelogjava.daemon.act.TriggerRunner;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.DimmLocation;
import org.mcelogjava.daemon.decode.ErrorClass;
import org.mcelogjava.daemon.decode.RecordFacts;
import org.mcelogjava.daemon.history.RecentDimmErrors;
import org.mcelogjava.daemon.policy.PageOffliner;
import org.mcelogjava.daemon.sink.metrics.DaemonMetrics;

/**
 * The daemon's metrics for Prometheus, served over HTTP at {@code /metrics} (loopback unless the
 * operator names another address). Every record is counted by socket, bank and uncorrected-or-not;
 * trigger, stream and device counters are read from their owners at scrape time. A record's counts
 * are scraped together: a scrape never shows a record in one series and not yet in another.
 *
 * <p>Memory errors carry node_exporter's edac names and labels (its {@code edac} collector,
 * collector/edac_linux.go, reading EDAC's sysfs counters), so dashboards and alerts written for it
 * work: {@code node_edac_correctable_errors_total{controller}},
 * {@code node_edac_csrow_correctable_errors_total{controller,csrow}} and
 * {@code node_edac_channel_correctable_errors_total{controller,csrow,channel,dimm_label}}, each with
 * its {@code uncorrectable} twin. The values are what an EDAC driver with a channel and a slot layer
 * would count: the controller is the socket (the history's {@code mc_event.mc}); the csrow is the
 * DIMM slot in its channel (EDAC's virtual csrow of such a driver), {@code unknown} when neither the
 * record nor DMI says which DIMM (node_exporter's label for EDAC's {@code *_noinfo_count}); slot and
 * label are the record's {@link DimmLocation}s, the label with node_exporter's rewriting (no {@code #},
 * {@code _csrow}, {@code _channel}). They count from zero with each start, as EDAC's counters do with
 * each boot; {@code mcelog_dimm_errors_24h}, with a history, is the last 24 hours per DIMM read from
 * it at scrape time, and so does not drop when the daemon restarts.
 */
public final class PrometheusMetrics implements DaemonMetrics, AutoCloseable {

    /** node_exporter's value for a csrow (or here a channel) the error did not name. */
    private static final String UNKNOWN = "unknown";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** Held while a record is counted and while the record counters are scraped: a scrape sees whole records. */
    private final Object counting = new Object();
    private final Counter records;
    private final Counter errors;
    private final Counter controllerCorrectable;
    private final Counter controllerUncorrectable;
    private final Counter csrowCorrectable;
    private final Counter csrowUncorrectable;
    private final Counter channelCorrectable;
    private final Counter channelUncorrectable;
    private final Counter overflows;
    private final HTTPServer server;

    /**
     * @param listen         address of the HTTP endpoint
     * @param triggers       trigger counters, read at scrape time
     * @param readerDrops    records dropped for slow stream readers, read at scrape time
     * @param streamReaders  stream readers connected now
     * @param pages          page offline requests by kind and outcome, read at scrape time
     * @param recent         the history's errors per DIMM in the last 24 hours, read at scrape time;
     *                       empty without a history
     * @throws IOException   the address cannot be bound: {@code cannot listen on HOST:PORT: REASON}
     */
    public PrometheusMetrics(InetSocketAddress listen, TriggerRunner triggers, LongSupplier readerDrops,
                             LongSupplier streamReaders, CountingPageOffliner pages,
                             Optional<RecentDimmErrors> recent) throws IOException {
        records = Counter.builder().name("mcelog_records_read_total")
                .help("Machine-check records read from the device and logged").build();
        errors = Counter.builder().name("mcelog_errors_total")
                .help("Machine-check errors by socket, bank and whether they were corrected")
                .labelNames("socket", "bank", "type").build();
        controllerCorrectable = Counter.builder().name("node_edac_correctable_errors_total")
                .help("Total correctable memory errors.").labelNames("controller").build();
        controllerUncorrectable = Counter.builder().name("node_edac_uncorrectable_errors_total")
                .help("Total uncorrectable memory errors.").labelNames("controller").build();
        csrowCorrectable = Counter.builder().name("node_edac_csrow_correctable_errors_total")
                .help("Total correctable memory errors for this csrow.").labelNames("controller", "csrow")
                .build();
        csrowUncorrectable = Counter.builder().name("node_edac_csrow_uncorrectable_errors_total")
                .help("Total uncorrectable memory errors for this csrow.").labelNames("controller", "csrow")
                .build();
        channelCorrectable = Counter.builder().name("node_edac_channel_correctable_errors_total")
                .help("Total correctable memory errors for this channel.")
                .labelNames("controller", "csrow", "channel", "dimm_label").build();
        channelUncorrectable = Counter.builder().name("node_edac_channel_uncorrectable_errors_total")
                .help("Total uncorrectable memory errors for this channel.")
                .labelNames("controller", "csrow", "channel", "dimm_label").build();
        registry.register(new MultiCollector() {
            @Override
            public MetricSnapshots collect() {
                synchronized (counting) {
                    return MetricSnapshots.of(records.collect(), errors.collect(), controllerCorrectable.collect(),
                            controllerUncorrectable.collect(), csrowCorrectable.collect(), csrowUncorrectable.collect(),
                            channelCorrectable.collect(), channelUncorrectable.collect(), overflows.collect());
                }
            }
        });
        recent.ifPresent(history -> GaugeWithCallback.builder().name("mcelog_dimm_errors_24h")
                .help("Memory errors per DIMM in the last 24 hours, from the history (kept across restarts)")
                .labelNames("controller", "csrow", "channel", "dimm_label", "type").callback(cb -> {
                    for (RecentDimmErrors.Count c : history.counts()) {
                        String controller = Long.toString(c.socket());
                        String csrow = c.dimm() < 0 ? UNKNOWN : Integer.toString(c.dimm());
                        String channel = c.channel() < 0 ? UNKNOWN : Integer.toString(c.channel());
                        String label = edacLabel(c.label());
                        cb.call(c.corrected(), controller, csrow, channel, label, "corrected");
                        cb.call(c.uncorrected(), controller, csrow, channel, label, "uncorrected");
                    }
                }).register(registry));
        overflows = Counter.builder().name("mcelog_device_overflows_total")
                .help("Reads after which the kernel reported that its log had overflowed").build();
        CounterWithCallback.builder().name("mcelog_triggers_total").help("Trigger programs by outcome")
                .labelNames("outcome").callback(cb -> {
                    TriggerRunner.Stats s = triggers.stats();
                    cb.call(s.started(), "started");
                    cb.call(s.failed(), "failed");
                    cb.call(s.killed(), "killed");
                    cb.call(s.dropped(), "dropped");
                }).register(registry);
        CounterWithCallback.builder().name("mcelog_stream_records_missed_total")
                .help("Records dropped for stream readers that did not keep up")
                .callback(cb -> cb.call(readerDrops.getAsLong())).register(registry);
        CounterWithCallback.builder().name("mcelog_page_offlines_total")
                .help("Requests to take a memory page offline, by kind (soft, hard) and outcome (offlined, failed)")
                .labelNames("kind", "outcome").callback(cb -> {
                    for (PageOffliner.Kind k : PageOffliner.Kind.values()) {
                        for (CountingPageOffliner.Outcome o : CountingPageOffliner.Outcome.values()) {
                            cb.call(pages.count(k, o), k.name().toLowerCase(Locale.ROOT),
                                    o.name().toLowerCase(Locale.ROOT));
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("mcelog_stream_readers").help("Stream readers connected")
                .callback(cb -> cb.call(streamReaders.getAsLong())).register(registry);
        try {
            server = HTTPServer.builder().hostname(listen.getHostString()).port(listen.getPort()).registry(registry)
                    .buildAndStart();
        } catch (IOException e) {
            throw IoReason.cannotListen(listen, e);
        }
    }

    /** The port the endpoint listens on (useful when configured as 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void recordLogged(DecodedMce decoded) {
        synchronized (counting) {
            count(decoded);
        }
    }

    private void count(DecodedMce decoded) {
        records.inc();
        RecordFacts f = decoded.facts();
        String socket = f.socket() < 0 ? "unknown" : Long.toString(f.socket());
        errors.labelValues(socket, Integer.toString(decoded.mce().bank()), f.uncorrected() ? "uncorrected" : "corrected")
                .inc();
        if (f.errorClass() == ErrorClass.MEMORY) {
            boolean uc = f.uncorrected();
            if (f.sites().isEmpty()) {
                (uc ? controllerUncorrectable : controllerCorrectable).labelValues(socket).inc();
                (uc ? csrowUncorrectable : csrowCorrectable).labelValues(socket, UNKNOWN).inc();
            }
            for (DimmLocation d : decoded.dimms()) {
                String controller = Long.toString(d.socket());
                String csrow = d.dimm() < 0 ? UNKNOWN : Integer.toString(d.dimm());
                (uc ? controllerUncorrectable : controllerCorrectable).labelValues(controller).inc();
                (uc ? csrowUncorrectable : csrowCorrectable).labelValues(controller, csrow).inc();
                if (d.channel() >= 0) {
                    (uc ? channelUncorrectable : channelCorrectable).labelValues(controller, csrow,
                            Integer.toString(d.channel()), edacLabel(d.label())).inc();
                }
            }
        }
    }

    /**
     * A DIMM label as node_exporter's edac collector rewrites EDAC's {@code dimm_label}: without
     * {@code #}, with an underscore before {@code csrow} and {@code channel}.
     */
    static String edacLabel(String label) {
        return label.replace("#", "").replace("csrow", "_csrow").replace("channel", "_channel");
    }

    @Override
    public void deviceOverflow() {
        synchronized (counting) {
            overflows.inc();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
