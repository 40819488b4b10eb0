package org.mcelogjava.daemon.report;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.mcelogjava.client.Version;
import org.mcelogjava.daemon.config.ConfigException;

/**
 * The command line {@code mcelog summary} and {@code mcelog report} share: {@code --since DURATION},
 * {@code --database PATH}, else {@code --config-file FILE} (or the daemon's default file) and its
 * {@code [history] database}, {@code -h}/{@code --help}, {@code --version}, plus each command's own
 * flags and valued options. Follows the project's CLI convention: help and version on stdout with
 * status 0, a usage error on stderr with the Try line and status 1, a configuration that cannot be
 * read on stderr with status 1.
 */
final class HistoryCommandLine {

    /** What the arguments asked for: the options, or the exit status of a help, version or usage error. */
    sealed interface Parsed {
    }

    /** The command ends here with this status (help, version or a usage error, already printed). */
    record Exit(int status) implements Parsed {
    }

    /** A window and a database to read, with the command's own flags and values. */
    record Options(long window, Path database, Set<String> flags, Map<String, String> values) implements Parsed {
        Optional<String> value(String option) {
            return Optional.ofNullable(values.get(option));
        }
    }

    private final String program;
    private final String usage;
    private final Set<String> flags;
    private final Set<String> valued;
    private final ConfiguredHistory configured;

    /**
     * @param program e.g. {@code mcelog summary}
     * @param usage   the text {@code --help} prints
     * @param flags   the command's own options without a value
     * @param valued  the command's own options with a value
     * @param configured where mcelog.conf says the history is, when {@code --database} is not given
     */
    HistoryCommandLine(String program, String usage, Set<String> flags, Set<String> valued,
                       ConfiguredHistory configured) {
        this.configured = configured;
        this.program = program;
        this.usage = usage;
        this.flags = Set.copyOf(flags);
        this.valued = Set.copyOf(valued);
    }

    Parsed parse(String[] args, PrintStream out, PrintStream err) {
        long window = Durations.DEFAULT_SECONDS;
        Path database = null;
        Optional<String> configFile = Optional.empty();
        Set<String> given = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.print(usage);
                out.flush();
                return new Exit(0);
            } else if (a.equals("--version")) {
                out.print(Version.banner("mcelog"));
                out.flush();
                return new Exit(0);
            } else if (flags.contains(a)) {
                given.add(a);
            } else if (a.startsWith("--config-file=")) {
                configFile = Optional.of(a.substring("--config-file=".length()));
            } else if (a.equals("--since") || a.equals("--database") || a.equals("--config-file")
                    || valued.contains(a)) {
                if (i + 1 == args.length) {
                    return usageError(err, "option " + a + " needs a value");
                }
                String v = args[++i];
                if (a.equals("--database")) {
                    database = Path.of(v);
                } else if (a.equals("--config-file")) {
                    configFile = Optional.of(v);
                } else if (a.equals("--since")) {
                    OptionalLong seconds = Durations.seconds(v);
                    if (seconds.isEmpty()) {
                        return usageError(err, "--since " + v + ": expected a duration such as 30m, 24h or 7d");
                    }
                    window = seconds.getAsLong();
                } else {
                    values.put(a, v);
                }
            } else {
                return usageError(err, "unknown argument " + a);
            }
        }
        if (database == null) {
            ConfiguredHistory.Located located;
            try {
                located = configured.locate(configFile);
            } catch (ConfigException e) {
                err.print(program + ": " + e.getMessage() + "\n");
                err.flush();
                return new Exit(1);
            }
            if (located.database().isEmpty()) {
                return usageError(err, "no history: " + located.configFile()
                        + " sets no [history] database; name one with --database PATH");
            }
            database = located.database().get();
        }
        return new Options(window, database, Set.copyOf(given), Map.copyOf(values));
    }

    /** Prints a usage error; the command exits with the returned status. */
    Exit usageError(PrintStream err, String problem) {
        err.print(program + ": " + problem + "\nTry '" + program + " --help'.\n");
        err.flush();
        return new Exit(1);
    }
}
