package org.mcelogjava.bench.tree;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mcelogjava.bench.Run;

/**
 * The simulator's poll timers and Monarch rendezvous, as the tree's {@code bin/mce-sim bench FACTOR}
 * measures them (1,024 CPUs x 32 banks through one simulated day; a 256-CPU broadcast #MC), its
 * output passed through and its two figures put in BENCHMARKS.md's row.
 *
 * <p>{@code bench/run sim [FACTOR]} builds the tree and runs this (FACTOR 10,000 by default).
 */
public final class SimulatorBench {

    private static final Pattern POLL_DAY = Pattern.compile("poll-day: .*?, (\\d+) timer polls .* in ([0-9.]+) s real"
            + " .*: ([0-9]+)x real time .*worst timer lag ([0-9.]+) simulated s");
    private static final Pattern RENDEZVOUS = Pattern.compile("rendezvous: .*: mean ([0-9.]+) ms, best ([0-9.]+) ms");

    private SimulatorBench() {
    }

    public static void main(String[] args) throws Exception {
        String factor = args.length > 0 ? args[0] : "10000";
        Path tree = Path.of(args.length > 1 ? args[1] : "dist/target/mcelog-java");
        Run run = Run.ofLaunchers("Simulator: poll timers and the Monarch rendezvous (mce-sim bench " + factor + ")");
        Process p = new ProcessBuilder(tree.resolve("bin/mce-sim").toString(), "bench", factor)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.print(out);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("mce-sim bench " + factor + " exited " + p.exitValue());
        }
        Matcher day = POLL_DAY.matcher(out);
        Matcher mc = RENDEZVOUS.matcher(out);
        if (!day.find() || !mc.find()) {
            throw new IllegalStateException("mce-sim bench printed neither figure as expected:\n" + out);
        }
        run.print(System.out, List.of("1,024 CPUs x 32 banks, one simulated day", "256-CPU broadcast #MC"),
                List.of(String.format("%s s real at factor %s: %sx real time (%s polls; worst lag %s simulated s)",
                        day.group(2), factor, day.group(3), day.group(1), day.group(4)),
                        String.format("mean %s ms, best %s ms", mc.group(1), mc.group(2))));
    }
}
