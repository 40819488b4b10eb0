package org.mcelogjava.daemon.report;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.LongSupplier;
import org.mcelogjava.daemon.history.HistorySummary;

/**
 * {@code mcelog summary [--since DURATION] [--json] [--database PATH | --config-file FILE]}: the history's errors per socket,
 * channel, DIMM label and page over a window, corrected against uncorrected, the trend against the
 * window before, pages offlined and thresholds crossed. Follows the project's CLI convention.
 */
public final class SummaryCommand {

    static final String PROGRAM = "mcelog summary";
    private static final String USAGE = """
            Usage: mcelog summary [--since DURATION] [--json] [--database PATH | --config-file FILE]

            What the daemon's history ([history] database in mcelog.conf) says about a window of time:
            errors per socket, memory channel, DIMM (with its DMI label) and page, corrected and
            uncorrected, the trend against the window before, pages offlined and thresholds crossed.

              --since DURATION  the window: the last DURATION (Ns, Nm, Nh or Nd; default 24h), ending now
                                or at the history's newest record if that is later (a clock ahead)
              --json            one JSON object instead of the table
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
    public SummaryCommand(PrintStream out, PrintStream err, LongSupplier wallClock,
                          ConfiguredHistory configured) {
        this.configured = configured;
        this.out = out;
        this.err = err;
        this.wallClock = wallClock;
    }

    /** Runs with the arguments after {@code summary}; returns the exit status. */
    public int run(String[] args) {
        HistoryCommandLine.Parsed parsed = new HistoryCommandLine(PROGRAM, USAGE, Set.of("--json"), Set.of(), configured)
                .parse(args, out, err);
        if (!(parsed instanceof HistoryCommandLine.Options o)) {
            return ((HistoryCommandLine.Exit) parsed).status();
        }
        boolean json = o.flags().contains("--json");
        Path database = o.database();
        long window = o.window();
        try {
            HistorySummary s = HistorySummary.readEndingNow(database, wallClock.getAsLong(), window);
            out.print(json ? SummaryFormat.json(s) : SummaryFormat.text(s));
            out.flush();
            return 0;
        } catch (SQLException e) {
            err.print(PROGRAM + ": " + e.getMessage() + "\n");
            return 1;
        }
    }

}
