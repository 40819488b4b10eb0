package org.mcelogjava.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One run of a benchmark, reported as a BENCHMARKS.md table row: the date and the machine's load
 * when the run began and the JVM options of what was measured first, then the benchmark's own
 * figures. Every benchmark of this module prints its result through here, so that a row can be
 * pasted under the table of the same name in BENCHMARKS.md as it is.
 */
public final class Run {

    /** What {@code bin/mcelog} and {@code bin/mce-sim} run with when {@code $JAVA_OPTS} is unset. */
    public static final String LAUNCHER_DEFAULT = "launcher default";

    private final String title;
    private final String date;
    private final String load;
    private final String jvmOptions;

    private Run(String title, String jvmOptions) {
        this.title = title;
        this.date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        this.load = loadAverage();
        this.jvmOptions = jvmOptions;
    }

    /** A run measured in JVMs started with {@code jvmOptions} (JMH's forks). */
    public static Run withOptions(String title, String jvmOptions) {
        return new Run(title, jvmOptions);
    }

    /** A run measured inside this JVM: its options are this JVM's. */
    public static Run inProcess(String title) {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return new Run(title, args.isEmpty() ? "(none)" : String.join(" ", args));
    }

    /** A run measuring the tree's launchers as processes: their options are {@code $JAVA_OPTS}. */
    public static Run ofLaunchers(String title) {
        String opts = System.getenv("JAVA_OPTS");
        return new Run(title, opts == null || opts.isBlank() ? LAUNCHER_DEFAULT : "`JAVA_OPTS=\"" + opts + "\"`");
    }

    /** Prints the table's title, header and this run's row; {@code cells} match {@code columns}. */
    public void print(PrintStream out, List<String> columns, List<String> cells) {
        print(out, columns, List.of(cells));
    }

    /** Prints the table's title, header and one row per result of this run (JMH: one per benchmark). */
    public void print(PrintStream out, List<String> columns, Collection<List<String>> rows) {
        List<String> header = new ArrayList<>(List.of("date (UTC)", "load", "JVM options"));
        header.addAll(columns);
        out.println();
        out.println("### " + title);
        out.println("| " + String.join(" | ", header) + " |");
        out.println("|" + "---|".repeat(header.size()));
        for (List<String> cells : rows) {
            if (columns.size() != cells.size()) {
                throw new IllegalArgumentException(columns.size() + " columns but " + cells.size() + " cells");
            }
            List<String> row = new ArrayList<>(List.of(date, load, jvmOptions));
            row.addAll(cells);
            out.println("| " + String.join(" | ", row) + " |");
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
