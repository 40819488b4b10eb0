package org.mcelogjava.daemon.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.daemon.history.HistorySummary;

/**
 * The daemon's live page ({@code [report] listen = 127.0.0.1:PORT}): the page of
 * {@code mcelog report --html} for the last 24 hours, read from the history on each request, with a
 * small inline script that fetches the page again every second and swaps in its report when it
 * changed, so the heat map follows the records as the history stores them. Also
 * {@code /summary.json}: {@code mcelog summary --json} of the same window. JDK's HTTP server on one
 * thread of its own; {@link #close()} stops both. An address that cannot be bound (in use, not an
 * address of this host) is refused with its reason; the daemon then runs without the page, as
 * without a metrics endpoint it cannot bind: machine checks are logged whatever happens to the
 * pages that show them.
 */
public final class LiveReport implements AutoCloseable {

    /** The window the live page shows. */
    static final long WINDOW = Durations.DEFAULT_SECONDS;

    static final String REFRESH = """
            <script>
            (function () {
              async function refresh() {
                try {
                  const response = await fetch(location.pathname, {cache: 'no-store'});
                  const next = new DOMParser().parseFromString(await response.text(), 'text/html')
                      .getElementById('report');
                  const current = document.getElementById('report');
                  if (response.ok && next && current && next.innerHTML !== current.innerHTML) {
                    current.replaceWith(next);
                  }
                } catch (e) {
                  // the daemon stopped or restarts: keep the last page, try again
                }
                setTimeout(refresh, 1000);
              }
              setTimeout(refresh, 1000);
            })();
            </script>
            """;

    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * Serves the history at {@code database} on {@code address}.
     *
     * @param wallClock seconds since the epoch: the window ends at the request
     * @throws IOException when the address cannot be bound: {@code cannot listen on HOST:PORT: REASON}
     */
    public LiveReport(InetSocketAddress address, Path database, LongSupplier wallClock) throws IOException {
        try {
            server = HttpServer.create(address, 8);
        } catch (IOException e) {
            throw IoReason.cannotListen(address, e);
        }
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mcelog-report-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                long now = wallClock.getAsLong();
                try {
                    switch (path) {
                        case "/" -> send(exchange, 200, "text/html; charset=utf-8",
                                ReportCommand.render(database, now, WINDOW, REFRESH));
                        case "/summary.json" -> send(exchange, 200, "application/json",
                                SummaryFormat.json(HistorySummary.readEndingNow(database, now, WINDOW)));
                        default -> send(exchange, 404, "text/plain; charset=utf-8",
                                "mcelog report: no page " + path + " (the report is /, the summary /summary.json)\n");
                    }
                } catch (SQLException e) {
                    send(exchange, 503, "text/plain; charset=utf-8", "mcelog report: " + e.getMessage() + "\n");
                }
            }
        });
        server.start();
    }

    /** Where it listens (the port chosen when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
