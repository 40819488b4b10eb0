package org.mcelogjava.bench.tree;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.mcelogjava.bench.Run;
import org.mcelogjava.bench.Scratch;

/**
 * {@code mcelog --ascii} as a whole process, as a user runs it: the tree's {@code bin/mcelog --no-dmi
 * --ascii < INPUT > OUT}, {@code RUNS} times, wall time from fork to exit. With a reference command
 * (the C mcelog: {@code C_MCELOG="/usr/sbin/mcelog --ascii"}) the two alternate run by run, so that
 * each run's ratio is taken under the same load, and their outputs are compared.
 *
 * <p>{@code bench/run ascii [RUNS]} builds the tree, generates the 200,000-record input with
 * {@code bench/gen-big.sh} and runs this.
 */
public final class AsciiBench {

    private AsciiBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: AsciiBench RUNS INPUT TREE [REFERENCE COMMAND...]");
        }
        int runs = Integer.parseInt(args[0]);
        Path input = Path.of(args[1]);
        Path tree = Path.of(args[2]);
        List<String> reference = List.of(args).subList(3, args.length);
        long records = Files.lines(input).filter(l -> l.startsWith("CPU ")).count();
        Run run = Run.ofLaunchers("mcelog --ascii, whole process (AsciiBench, " + String.format("%,d", records)
                + " records)");
        Scratch.run("mcelog-ascii", dir -> measure(runs, input, tree, reference, records, run, dir));
    }

    private static void measure(int runs, Path input, Path tree, List<String> reference, long records, Run run,
                                Path dir) throws Exception {
        List<String> java = List.of(tree.resolve("bin/mcelog").toString(), "--no-dmi", "--ascii");
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ours.add(wallSeconds(java, input, dir.resolve("java.out")));
            if (!reference.isEmpty()) {
                theirs.add(wallSeconds(reference, input, dir.resolve("c.out")));
            }
        }
        String md5 = md5(dir.resolve("java.out"));
        double median = median(ours);
        String oursCell = seconds(ours) + String.format(" (median %.2f s = %,.0f records/s)", median, records / median);
        String theirsCell = "—";
        String ratioCell = "—";
        String output = "md5 " + md5;
        if (!reference.isEmpty()) {
            theirsCell = seconds(theirs) + String.format(" (median %.2f s)", median(theirs));
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ratios.add(ours.get(i) / theirs.get(i));
            }
            ratioCell = ratios.stream().map(r -> String.format("%.2f", r)).collect(Collectors.joining(", "));
            output = md5.equals(md5(dir.resolve("c.out"))) ? "identical, md5 " + md5 : "DIFFERENT from the reference";
        }
        System.out.printf("mcelog-java: %s%nreference: %s%nratio per run: %s%n", oursCell, theirsCell, ratioCell);
        run.print(System.out, List.of("mcelog-java", "reference (" + (reference.isEmpty() ? "none; set C_MCELOG"
                : String.join(" ", reference)) + ")", "ratio per run", "output"),
                List.of(oursCell, theirsCell, ratioCell, output));
    }

    private static double wallSeconds(List<String> command, Path input, Path output) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectInput(input.toFile()).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int status = p.waitFor();
        double secs = (System.nanoTime() - t0) / 1e9;
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + status);
        }
        return secs;
    }

    private static String seconds(List<Double> times) {
        return times.stream().map(t -> String.format("%.2f", t)).collect(Collectors.joining(", ")) + " s";
    }

    private static double median(List<Double> times) {
        List<Double> sorted = times.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static String md5(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("MD5");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r = in.read(buf); r > 0; r = in.read(buf)) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
