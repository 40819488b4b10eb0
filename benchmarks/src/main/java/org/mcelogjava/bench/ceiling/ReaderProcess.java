package org.mcelogjava.bench.ceiling;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A reader of the ceiling benchmark as its own JVM, as the daemon is in the real pipeline: a main
 * class of this module run on this JVM's class path. It talks to the benchmark in lines on its
 * standard output ({@code ready}, then {@code done ...}); each line is stamped with
 * {@link System#nanoTime()} the moment it arrives, which is when the benchmark's clock stops.
 * Measures nothing itself.
 */
final class ReaderProcess implements AutoCloseable {

    /** A line of the reader's output and when it arrived. */
    record Line(long nanos, String text) {
    }

    /**
     * The readers' JVM options: {@code $JAVA_OPTS} when set, else the heap and collector
     * {@code bin/mcelog} gives the daemon, so that the readers run as the daemon runs.
     */
    static final String OPTIONS = System.getenv("JAVA_OPTS") == null || System.getenv("JAVA_OPTS").isBlank()
            ? "-Xms8m -Xmx64m -XX:+UseSerialGC" : System.getenv("JAVA_OPTS").strip();

    private final Process process;
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();

    private ReaderProcess(Process process) {
        this.process = process;
        Thread pump = new Thread(this::pump, "reader-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code main} with {@code args}; its standard error goes to this JVM's. */
    static ReaderProcess start(Class<?> main, String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(List.of(OPTIONS.split("\\s+")));
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        argv.addAll(List.of(args));
        return new ReaderProcess(new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** The next line that starts with {@code prefix} (others are printed), or an IOException after {@code seconds}. */
    Line await(String prefix, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Line line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException("no '" + prefix + "' from the reader within " + seconds + " s"
                        + (process.isAlive() ? "" : " (it exited " + process.exitValue() + ")"));
            }
            if (line.text().startsWith(prefix)) {
                return line;
            }
            System.out.println("  reader: " + line.text());
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII))) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                lines.add(new Line(System.nanoTime(), text));
            }
        } catch (IOException e) {
            // the reader is gone; await reports it
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
