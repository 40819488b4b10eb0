package org.mcelogjava.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.bench.Run;

/**
 * Turns JMH's CSV results ({@code -rf csv -rff FILE}) into BENCHMARKS.md's rows: one per benchmark
 * and parameter, score ± JMH's 99.9% error. The JVM options are those of the forks
 * ({@link ShortForks}). {@code bench/run jmh} runs JMH and then this.
 */
public final class JmhTable {

    private JmhTable() {
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[0]);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalStateException(csv + " is empty: JMH ran no benchmark");
        }
        List<String> header = fields(lines.get(0));
        int name = header.indexOf("Benchmark");
        int score = header.indexOf("Score");
        int error = header.indexOf("Score Error (99.9%)");
        int unit = header.indexOf("Unit");
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = fields(line);
            List<String> params = new ArrayList<>();
            for (int i = unit + 1; i < f.size(); i++) {
                if (!f.get(i).isEmpty()) { // a benchmark without this parameter
                    params.add(header.get(i).replace("Param: ", "") + "=" + f.get(i));
                }
            }
            String benchmark = f.get(name).substring(f.get(name).lastIndexOf('.', f.get(name).lastIndexOf('.') - 1) + 1);
            rows.add(List.of(benchmark, params.isEmpty() ? "—" : String.join(" ", params),
                    String.format("%,.0f ± %,.0f %s", Double.parseDouble(f.get(score)),
                            Double.parseDouble(f.get(error)), f.get(unit))));
        }
        Run.withOptions("JMH: in-process hot paths", "forks: -Xmx512m -Xmn64m (ShortForks)")
                .print(System.out, List.of("benchmark", "parameters", "score ± 99.9% error"), rows);
    }

    /** The fields of a JMH CSV line (every field quoted or a plain number, no embedded quotes). */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        for (String f : line.split(",", -1)) {
            out.add(f.startsWith("\"") && f.endsWith("\"") && f.length() >= 2 ? f.substring(1, f.length() - 1) : f);
        }
        return out;
    }
}
