package org.mcelogjava.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A benchmark's scratch directory (logs, configurations, sockets, histories: gigabytes for some),
 * made in the temporary directory and deleted with what it holds when the benchmark's work
 * returns; kept, with its place said on stderr, when the work failed (to see why) or with
 * {@code BENCH_KEEP=yes}.
 */
public final class Scratch {

    /** What a benchmark does in its scratch directory. */
    @FunctionalInterface
    public interface Work {
        void in(Path dir) throws Exception;
    }

    private Scratch() {
    }

    /** Runs {@code work} in a new directory named {@code prefix} and a random suffix. */
    public static void run(String prefix, Work work) throws Exception {
        Path dir = Files.createTempDirectory(prefix);
        boolean done = false;
        try {
            work.in(dir);
            done = true;
        } finally {
            if (done && !"yes".equals(System.getenv("BENCH_KEEP"))) {
                delete(dir);
            } else {
                System.err.println(prefix + ": scratch directory kept: " + dir);
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
