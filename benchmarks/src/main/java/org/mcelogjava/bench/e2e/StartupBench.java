package org.mcelogjava.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mcelogjava.bench.Run;
import org.mcelogjava.bench.Scratch;
import org.mcelogjava.it.TaggedRecords;
import org.mcelogjava.kernelsim.dev.LegacyInjector;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.PersistentRecords;
import org.mcelogjava.kernelsim.server.DeviceServer;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;

/**
 * Start-up of the daemon to its first record (issue #16; not a test): a record already waits in a
 * device served from this process (stored through {@code dev_mce_log} before the daemon starts);
 * the measure runs from just before the tree's {@code bin/mcelog --daemon --foreground} is
 * exec'd ({@link ProcessBuilder#start}) to the moment a tail of the log file (polled every 100 µs)
 * sees that record whole. So it is the launcher script, the JVM's start, the daemon's start-up,
 * the first device round trips, the decode and the log write, all of them as a user meets them.
 * Each of {@code RUNS} runs (default 10) starts a fresh daemon with a fresh log file; the daemon's
 * peak RSS (VmHWM) at that moment is noted too.
 *
 * <p>{@code bench/run startup [RUNS]} builds and runs it; the daemon gets {@code $JAVA_OPTS}. It ends
 * with the row of BENCHMARKS.md's start-up table.
 */
public final class StartupBench {

    private static final List<String> COLUMNS = List.of("exec to first record in the log file",
            "daemon VmHWM at that moment", "runs");

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path home = Path.of(args.length > 1 ? args[1] : "dist/target/mcelog-java").toAbsolutePath();
        Scratch.run("mcelog-startup", dir -> measure(runs, home, dir));
    }

    private static void measure(int runs, Path home, Path dir) throws Exception {
        Run run = Run.ofLaunchers("Start-up: exec of mcelog --daemon to its first record logged (StartupBench)");
        System.out.printf("machine: %d cores; %s%n", Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        List<Long> micros = new ArrayList<>();
        List<Long> hwm = new ArrayList<>();
        // its own client socket: another mcelog on the machine must not change what is measured
        Path conf = Files.writeString(dir.resolve("startup.conf"), "[server]\nsocket-path = " + dir.resolve("client")
                + "\n");
        for (int i = 1; i <= runs; i++) {
            // a fresh device each run, so no record a killed daemon left unacknowledged is read first
            McelogDevice device = new McelogDevice(32, 128, true, cpu -> true, LegacyInjector.NONE,
                    new PersistentRecords());
            try (DeviceServer server = DeviceServer.start(dir.resolve("s" + i + ".sock"), device, new SysfsTree(),
                    "bench", (u, g) -> true, DeviceServer.DEFAULT_DEVICE_MODE, 1, m -> { })) {
                device.accept(TaggedRecords.record(i)); // a new record each run: the daemon logs a record once
                Path log = dir.resolve("run" + i + ".log");
                LogTail tail = new LogTail(log, i, 100_000);
                tail.start();
                long start = System.nanoTime();
                Process daemon = new ProcessBuilder(home.resolve("bin/mcelog").toString(), "--daemon", "--foreground",
                        "--config-file", conf.toString(), "--socket", server.socket().toString(),
                        "--logfile", log.toString(), "--pidfile", dir.resolve("run" + i + ".pid").toString())
                        .redirectOutput(dir.resolve("run" + i + ".out").toFile())
                        .redirectError(dir.resolve("run" + i + ".err").toFile()).start();
                try {
                    tail.finish(1);
                    if (tail.seenAt(i) == 0) {
                        throw new IllegalStateException("run " + i + ": the log has a record but not record " + i);
                    }
                    long us = (tail.seenAt(i) - start) / 1_000;
                    long kib = vmHwmKib(daemon.pid());
                    micros.add(us);
                    hwm.add(kib);
                    System.out.printf("run %d: %,d us to the first record; VmHWM %d MiB%n", i, us, kib / 1024);
                } finally {
                    daemon.destroy();
                    daemon.waitFor(20, TimeUnit.SECONDS);
                }
            }
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        String figure = String.format("median %,d ms (min %,d, max %,d ms)", sorted.get(sorted.size() / 2) / 1000,
                sorted.get(0) / 1000, sorted.get(sorted.size() - 1) / 1000);
        run.print(System.out, COLUMNS, List.of(figure, Collections.max(hwm) / 1024 + " MiB (largest)",
                String.valueOf(runs)));
    }

    /** VmHWM, the peak resident set, of a live process in KiB. */
    static long vmHwmKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmHWM in /proc/" + pid + "/status");
    }
}
