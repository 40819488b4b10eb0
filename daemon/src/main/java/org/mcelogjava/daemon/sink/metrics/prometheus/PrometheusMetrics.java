package org.mcelogjava.daemon.sink.metrics.prometheus;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.mcelogjava.daemon.act.CountingPageOffliner;
import org.mcelogjava.daemon.act.TriggerRunner;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.ErrorClass;
import org.mcelogjava.daemon.decode.RecordFacts;
import org.mcelogjava.daemon.policy.PageOffliner;
import org.mcelogjava.daemon.sink.metrics.DaemonMetrics;

/**
 * The daemon's metrics for Prometheus, served over HTTP at {@code /metrics} (loopback unless the
 * operator names another address). Memory errors are counted per socket, channel and DIMM with
 * node_exporter's edac naming ({@code ..._channel_correctable_errors_total}); every record by socket,
 * bank and uncorrected-or-not; trigger, stream and device counters are read from their owners at
 * scrape time.
 */
public final class PrometheusMetrics implements DaemonMetrics, AutoCloseable {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter records;
    private final Counter errors;
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
     */
    public PrometheusMetrics(InetSocketAddress listen, TriggerRunner triggers, LongSupplier readerDrops,
                             LongSupplier streamReaders, CountingPageOffliner pages) throws IOException {
        records = Counter.builder().name("mcelog_records_read_total")
                .help("Machine-check records read from the device and logged").register(registry);
        errors = Counter.builder().name("mcelog_errors_total")
                .help("Machine-check errors by socket, bank and whether they were corrected")
                .labelNames("socket", "bank", "type").register(registry);
        channelCorrectable = Counter.builder().name("mcelog_channel_correctable_errors_total")
                .help("Corrected memory errors by socket, channel and DIMM (as node_exporter's edac collector)")
                .labelNames("socket", "channel", "dimm").register(registry);
        channelUncorrectable = Counter.builder().name("mcelog_channel_uncorrectable_errors_total")
                .help("Uncorrected memory errors by socket, channel and DIMM")
                .labelNames("socket", "channel", "dimm").register(registry);
        overflows = Counter.builder().name("mcelog_device_overflows_total")
                .help("Reads after which the kernel reported that its log had overflowed").register(registry);
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
        server = HTTPServer.builder().hostname(listen.getHostString()).port(listen.getPort()).registry(registry)
                .buildAndStart();
    }

    /** The port the endpoint listens on (useful when configured as 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void recordLogged(DecodedMce decoded) {
        records.inc();
        RecordFacts f = decoded.facts();
        String socket = f.socket() < 0 ? "unknown" : Long.toString(f.socket());
        errors.labelValues(socket, Integer.toString(decoded.mce().bank()), f.uncorrected() ? "uncorrected" : "corrected")
                .inc();
        if (f.errorClass() == ErrorClass.MEMORY) {
            String channel = f.channel() < 0 ? "unknown" : Integer.toString(f.channel());
            String dimm = f.dimm() < 0 ? "unknown" : Integer.toString(f.dimm());
            (f.uncorrected() ? channelUncorrectable : channelCorrectable).labelValues(socket, channel, dimm).inc();
        }
    }

    @Override
    public void deviceOverflow() {
        overflows.inc();
    }

    @Override
    public void close() {
        server.close();
    }
}
