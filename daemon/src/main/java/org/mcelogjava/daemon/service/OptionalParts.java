package org.mcelogjava.daemon.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.mcelogjava.daemon.act.CountingPageOffliner;
import org.mcelogjava.daemon.act.TriggerRunner;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.history.HistoryRecorder;
import org.mcelogjava.daemon.history.HistoryRecords;
import org.mcelogjava.daemon.history.RecentDimmErrors;
import org.mcelogjava.daemon.policy.AccountingQueries;
import org.mcelogjava.daemon.report.LiveReport;
import org.mcelogjava.daemon.server.ClientAccess;
import org.mcelogjava.daemon.server.ClientQueries;
import org.mcelogjava.daemon.server.ClientServer;
import org.mcelogjava.daemon.sink.StreamHub;
import org.mcelogjava.daemon.sink.metrics.DaemonMetrics;
import org.mcelogjava.daemon.sink.metrics.prometheus.PrometheusMetrics;

/**
 * The parts {@link DaemonAssembly} starts that the daemon can run without: the client socket, the
 * metrics endpoint, the history and its live page. One that cannot start is said on the error
 * channel, naming it and the reason, and the daemon runs without it (as mcelog runs on when its
 * client socket cannot be made).
 */
final class OptionalParts {

    /** Bytes of records that may wait in the history's spool before new batches are not stored (about 400,000 records). */
    static final long HISTORY_SPOOL_BYTES = 256L << 20;

    private OptionalParts() {
    }

    /** The client socket, answering from the accounting and the stream; none when it cannot listen. */
    static Optional<ClientServer> clientSocket(McelogConfig.Server s, Path path, AccountingQueries q,
                                               StreamHub stream, Consumer<String> errors) {
        try {
            ClientAccess access = ClientAccess.resolve(s.clientUser(), s.clientGroup().orElse(null));
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
            return Optional.of(ClientServer.start(path, access, queries, stream, s.initialPingTimeout() * 1000, errors));
        } catch (IOException e) {
            errors.accept("client socket " + path + ": " + e.getMessage() + "; running without it");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The metrics endpoint, with a history reading the last
     * 24 hours' errors per DIMM from it at each scrape; none when it cannot listen.
     */
    static DaemonMetrics metrics(InetSocketAddress address, TriggerRunner triggers, StreamHub stream,
                                 CountingPageOffliner offliner, Optional<RecentDimmErrors> recent,
                                 Consumer<String> errors) {
        try {
            return new PrometheusMetrics(address, triggers, stream::droppedForReaders, stream::readerCount, offliner,
                    recent);
        } catch (IOException e) {
            errors.accept("metrics endpoint: " + e.getMessage() + "; running without it");
            return DaemonMetrics.NONE;
        }
    }

    static Optional<HistoryRecorder> history(Path path, Consumer<String> errors) {
        try {
            return Optional.of(HistoryRecorder.open(path, HISTORY_SPOOL_BYTES, new HistoryRecords(ZoneId.systemDefault()),
                    errors));
        } catch (SQLException | IOException e) {
            errors.accept(e.getMessage() + "; running without a history");
            return Optional.empty();
        }
    }

    static Optional<LiveReport> liveReport(InetSocketAddress address, Path database, LongSupplier wallClock,
                                           Consumer<String> errors) {
        try {
            return Optional.of(new LiveReport(address, database, wallClock));
        } catch (IOException e) {
            errors.accept("report page: " + e.getMessage() + "; running without it");
            return Optional.empty();
        }
    }
}
