package org.mcelogjava.daemon.report;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.function.LongSupplier;
import java.util.OptionalLong;
import org.mcelogjava.client.Version;
import org.mcelogjava.daemon.history.HistorySummary;

/**
 * {@code mcelog summary [--since DURATION] [--json] --database PATH}: the history's errors per socket,
 * channel, DIMM label and page over a window, corrected against uncorrected, the trend against the
 * window before, pages offlined and thresholds crossed. Follows the project's CLI convention.
 */
public final class SummaryCommand {

    static final String PROGRAM = "mcelog summary";
    private static final String USAGE = """
            Usage: mcelog summary [--since DURATION] [--json] --database PATH

            What the daemon's history ([history] database in mcelog.conf) says about a window of time:
            errors per socket, memory channel, DIMM (with its DMI label) and page, corrected and
            uncorrected, the trend against the window before, pages offlined and thresholds crossed.

              --since DURATION  the window: the last DURATION (Ns, Nm, Nh or Nd; default 24h)
              --json            one JSON object instead of the table
              --database PATH   the history's SQLite file (rasdaemon's tables)
              -h, --help        this text
              --version         the version
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final LongSupplier wallClock;

    /** @param wallClock seconds since the epoch: the window ends now */
    public SummaryCommand(PrintStream out, PrintStream err, LongSupplier wallClock) {
        this.out = out;
        this.err = err;
        this.wallClock = wallClock;
    }

    /** Runs with the arguments after {@code summary}; returns the exit status. */
    public int run(String[] args) {
        long window = Durations.DEFAULT_SECONDS;
        boolean json = false;
        Path database = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--version" -> {
                    out.print(Version.banner("mcelog"));
                    return 0;
                }
                case "--json" -> json = true;
                case "--since", "--database" -> {
                    if (i + 1 == args.length) {
                        return usage("option " + a + " needs a value");
                    }
                    String v = args[++i];
                    if (a.equals("--database")) {
                        database = Path.of(v);
                    } else {
                        OptionalLong seconds = Durations.seconds(v);
                        if (seconds.isEmpty()) {
                            return usage("--since " + v + ": expected a duration such as 30m, 24h or 7d");
                        }
                        window = seconds.getAsLong();
                    }
                }
                default -> {
                    return usage("unknown argument " + a);
                }
            }
        }
        if (database == null) {
            return usage("no history given: --database PATH (the [history] database of mcelog.conf)");
        }
        try {
            HistorySummary s = HistorySummary.read(database, HistorySummary.untilNow(wallClock.getAsLong()), window);
            out.print(json ? SummaryFormat.json(s) : SummaryFormat.text(s));
            out.flush();
            return 0;
        } catch (SQLException e) {
            err.print(PROGRAM + ": " + e.getMessage() + "\n");
            return 1;
        }
    }

    private int usage(String problem) {
        err.print(PROGRAM + ": " + problem + "\nTry 'mcelog summary --help'.\n");
        return 1;
    }
}
