package org.mcelogjava.daemon.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.LongSupplier;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.daemon.history.ErrorTimeline;
import org.mcelogjava.daemon.history.HistoryDatabase;
import org.mcelogjava.daemon.history.HistorySummary;

/**
 * {@code mcelog report --html FILE [--since DURATION] [--database PATH | --config-file FILE]}: the history's window as one
 * self-contained HTML page ({@link HtmlReport}), written whole (a temporary file beside FILE, then
 * renamed) so a reader never sees half a page. Follows the project's CLI convention.
 */
public final class ReportCommand {

    static final String PROGRAM = "mcelog report";
    private static final String USAGE = """
            Usage: mcelog report --html FILE [--since DURATION] [--database PATH | --config-file FILE]

            Writes the daemon's history ([history] database in mcelog.conf) as one HTML page that needs
            nothing else (no scripts, styles or fonts fetched): a heat map of memory errors per socket,
            channel and DIMM (labelled from DMI), the errors over time per DIMM, and the summary's tables
            (as 'mcelog summary' prints them). The daemon serves the same page live with [report] listen.

              --html FILE       where to write the page
              --since DURATION  the window: the last DURATION (Ns, Nm, Nh or Nd; default 24h), ending now
                                or at the history's newest record if that is later (a clock ahead)
              --database PATH   the history's SQLite file (rasdaemon's tables); default: the
                                [history] database of the configuration file
              --config-file FILE  that file (default /etc/mcelog/mcelog.conf, as for the daemon)
              -h, --help        this text
              --version         the version
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final LongSupplier wallClock;
    private final ConfiguredHistory configured;

    /**
     * @param wallClock  seconds since the epoch: the window ends now
     * @param configured where mcelog.conf says the history is, when {@code --database} is not given
     */
    public ReportCommand(PrintStream out, PrintStream err, LongSupplier wallClock,
                          ConfiguredHistory configured) {
        this.configured = configured;
        this.out = out;
        this.err = err;
        this.wallClock = wallClock;
    }

    /** Runs with the arguments after {@code report}; returns the exit status. */
    public int run(String[] args) {
        HistoryCommandLine line = new HistoryCommandLine(PROGRAM, USAGE, Set.of(), Set.of("--html"), configured);
        HistoryCommandLine.Parsed parsed = line.parse(args, out, err);
        if (!(parsed instanceof HistoryCommandLine.Options o)) {
            return ((HistoryCommandLine.Exit) parsed).status();
        }
        if (o.value("--html").isEmpty()) {
            return line.usageError(err, "no page to write: --html FILE").status();
        }
        Path html = Path.of(o.value("--html").get());
        Path database = o.database();
        long window = o.window();
        String page;
        try {
            page = render(database, wallClock.getAsLong(), window, "");
        } catch (SQLException e) {
            err.print(PROGRAM + ": " + e.getMessage() + "\n");
            return 1;
        }
        Path target = html.toAbsolutePath();
        // this process's own temporary file beside the target: two reports writing one file never share it
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(temporary, page, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return 0;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            err.print(PROGRAM + ": cannot write " + html + ": " + IoReason.of(e) + "\n");
            return 1;
        }
    }

    /**
     * The page of the {@code window} that ends at {@code now}, or just after the history's newest
     * record when that is later: a machine whose clock runs ahead of this one (the simulator's
     * accelerated clock, as in mcelog-demo) still shows its latest errors.
     */
    public static String render(Path database, long now, long window, String refresh) throws SQLException {
        return HistoryDatabase.read(database, c -> {
            long until = HistorySummary.until(c, now);
            return HtmlReport.page(HistorySummary.read(c, until, window),
                    ErrorTimeline.read(c, until, window, HtmlReport.BUCKETS), refresh);
        });
    }

}
