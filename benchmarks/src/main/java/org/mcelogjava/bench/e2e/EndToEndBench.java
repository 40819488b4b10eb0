package org.mcelogjava.bench.e2e;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.mcelogjava.bench.Run;
import org.mcelogjava.bench.Scratch;
import org.mcelogjava.it.LogReconciler;
import org.mcelogjava.it.TaggedRecords;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.fuse.FuseMount;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.kernelsim.server.DeviceServer;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;

/**
 * The end-to-end load tool of issue #8 (not a test): the installed tree's {@code bin/mcelog
 * --daemon} as a real process against a device served from this process, records stored through
 * {@code dev_mce_log} and found again in the log file.
 * <ol>
 * <li>throughput: {@code N} records (default 500,000) as fast as the daemon drains the device, for
 * a log of 32 slots and of 1,024 slots; records per second until the last is in the file (the
 * file polled every millisecond), the
 * daemon's peak RSS (VmHWM of /proc/PID/status), and the invariant (LogReconciler);</li>
 * <li>latency at 1,000 records/s for 10 s after a 5 s warm-up at that rate ({@code E2E_WARMUP_S}
 * seconds instead: at 5 s the daemon's JIT is still compiling and its heap still growing, a JFR
 * recording shows): from just before
 * {@code mce_log} to the moment a tail of the file (polled every 20 µs) sees the whole record;
 * p50, p99, max, and the records the 32-slot log dropped;</li>
 * <li>readers: 1,000 JSON stream readers on the daemon's client socket plus one that never reads,
 * {@code N / 100} records: until every live reader has every record; deliveries per second, the
 * daemon's peak RSS;</li>
 * <li>idle: {@code mce-sim run} and {@code mcelog --daemon} from the tree, nothing happening, CPU
 * time of each over 60 s.</li>
 * </ol>
 * {@code bench/run e2e [N [PHASES]]} builds and runs it; PHASES is a comma list of
 * {@code throughput,fuse,latency,readers,idle} (all by default; {@code fuse} is the throughput of a
 * 32-slot log read by the daemon through the simulator's FUSE {@code dev/mcelog} with the system
 * calls, issue 17: needs root, /dev/fuse and libfuse2); the daemon gets {@code $JAVA_OPTS}. It ends
 * with the row of BENCHMARKS.md's end-to-end table ("—" for a phase not run). The records and the
 * invariant are the end-to-end tests' own ({@link TaggedRecords}, {@link LogReconciler}). Its
 * scratch directory (logs, configurations, histories: gigabytes at N 1,000,000) is a {@link Scratch}.
 */
public final class EndToEndBench {

    /** {@code E2E_HISTORY=yes}: the throughput daemons keep a history ({@code [history] database}). */
    private static final boolean WITH_HISTORY = "yes".equals(System.getenv("E2E_HISTORY"));

    private final Path home;
    private final Path dir;
    /** The figures of the phases run so far, by column of the BENCHMARKS.md table. */
    private final Map<String, String> figures = new LinkedHashMap<>();

    private EndToEndBench(Path home, Path dir) {
        this.home = home;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        Path home = Path.of(args.length > 1 ? args[1] : "dist/target/mcelog-java").toAbsolutePath();
        Run run = Run.ofLaunchers("End to end: inject -> device -> daemon -> log file" + (WITH_HISTORY ? " and history" : "")
                + " (EndToEndBench, N = " + n + ")");
        Scratch.run("mcelog-e2e", dir -> measure(new EndToEndBench(home, dir), run, n, args));
    }

    private static void measure(EndToEndBench bench, Run run, int n, String[] args) throws Exception {
        for (String column : COLUMNS) {
            bench.figures.put(column, "—");
        }
        System.out.printf("machine: %d cores; %s%n", Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        List<String> phases = List.of((args.length > 2 ? args[2] : "throughput,fuse,latency,readers,idle").split(","));
        if (phases.contains("throughput")) {
            bench.throughput(n, 32, false);
            bench.throughput(n, 1024, false);
        }
        if (phases.contains("fuse")) {
            bench.throughput(n, 32, true);
        }
        if (phases.contains("latency")) {
            bench.latency(1_000, 10);
        }
        if (phases.contains("readers")) {
            bench.readers(n / 100, 1_000);
        }
        if (phases.contains("idle")) {
            bench.idle(60);
        }
        run.print(System.out, COLUMNS, List.copyOf(bench.figures.values()));
    }

    /** With {@code E2E_HISTORY=yes}: from the first injection to the last record in the history's database. */
    private static final String HISTORY_COLUMN = "history had every record (32 / 1,024)";
    private static final List<String> COLUMNS = Stream.of("throughput, 32-slot log", "throughput, 1,024-slot log",
            "daemon peak RSS (32 / 1,024)", WITH_HISTORY ? HISTORY_COLUMN : null,
            "latency at 1,000/s (10 s after 5 s warm-up)", "dropped by the 32-slot log", "stream readers", "idle, 60 s",
            "throughput, FUSE dev/mcelog, 32-slot log").filter(Objects::nonNull).toList();

    private Process daemon(Path socket, Path log, String name) throws IOException {
        return daemon(socket, log, name, "");
    }

    private Process daemon(Path socket, Path log, String name, String conf) throws IOException {
        return daemon(List.of("--socket", socket.toString()), log, name, conf);
    }

    /** The daemon on {@code device}: {@code --socket PATH}, or a device file as its operand. */
    private Process daemon(List<String> device, Path log, String name, String conf) throws IOException {
        Path confFile = dir.resolve(name + ".conf");
        Files.writeString(confFile, conf);
        List<String> argv = new ArrayList<>(List.of(home.resolve("bin/mcelog").toString(), "--daemon", "--foreground",
                "--config-file", confFile.toString(), "--logfile", log.toString(),
                "--pidfile", dir.resolve(name + ".pid").toString()));
        argv.addAll(device);
        ProcessBuilder pb = new ProcessBuilder(argv);
        return pb.redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile())
                .start();
    }

    /**
     * @param fuse the daemon reads {@code dev/mcelog} of the simulator's FUSE mount with the system calls
     *             (issue 17) instead of the device socket; the same device behind both
     */
    private void throughput(int n, int slots, boolean fuse) throws Exception {
        McelogDevice device = PacedDevice.device(slots);
        String name = "t" + slots + (fuse ? "-fuse" : "");
        Path log = dir.resolve("throughput-" + name + ".log");
        SysfsTree tree = new SysfsTree();
        // E2E_HISTORY=yes: the daemons keep a history as well (issue 18: the sink must not slow this down)
        Path history = dir.resolve(name + "-history.db");
        String conf = WITH_HISTORY ? "[history]\ndatabase = " + history + "\n" : "";
        try (DeviceServer server = PacedDevice.serve(dir.resolve(name + ".sock"), device, tree);
             FuseMount mount = fuse ? FuseMount.start(dir.resolve(name + "-machine"), device,
                     DeviceServer.DEFAULT_DEVICE_MODE, tree, PeerPolicy.ROOT_ONLY, System.out::println) : null) {
            Process daemon = fuse ? daemon(List.of(mount.directory().resolve("dev/mcelog").toString()), log, name, conf)
                    : daemon(server.socket(), log, name, conf);
            try {
                while (device.waiters() == 0) {
                    Thread.sleep(10);
                }
                LogTail tail = new LogTail(log, n, 1_000_000);
                tail.start();
                long start = System.nanoTime();
                PacedDevice.inject(device, n, slots);
                while (device.pending() > 0) {
                    Thread.sleep(1);
                }
                tail.finish(n - (int) device.dropped());
                long nanos = tail.lastSeen() - start;
                long peakRssKib = StartupBench.vmHwmKib(daemon.pid()); // the kernel's own peak, not a sample
                LogReconciler.Tally t = LogReconciler.tally(List.of(log), n);
                String invariant = LogReconciler.violations(t, n - device.dropped(), device.pending()).isEmpty()
                        ? "holds" : "BROKEN";
                System.out.printf("throughput%s, log of %d slots: %d records in %.2f s = %,.0f records/s; dropped %d;"
                                + " daemon peak RSS %d MiB; invariant %s%n", fuse ? " (FUSE dev/mcelog)" : "", slots, n,
                        nanos / 1e9, n / (nanos / 1e9),
                        device.dropped(), peakRssKib / 1024, invariant);
                if (WITH_HISTORY) { // the history's writer lags the log by what its spool holds: when had it all?
                    long stored;
                    while ((stored = HistoryRows.count(history)) < n - device.dropped()
                            && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(120)) {
                        Thread.sleep(20);
                    }
                    long historyNanos = System.nanoTime() - start;
                    System.out.printf("history: %,d records stored of %,d, the last %.2f s after the first injection"
                            + " = %,.0f records/s%n", stored, n, historyNanos / 1e9, stored / (historyNanos / 1e9));
                    if (!fuse) {
                        figures.put(HISTORY_COLUMN, (slots == 32 ? "" : figures.get(HISTORY_COLUMN) + " / ")
                                + String.format("%,.0f records/s", stored / (historyNanos / 1e9)));
                    }
                }
                String column = fuse ? "throughput, FUSE dev/mcelog, 32-slot log"
                        : "throughput, " + (slots == 32 ? "32" : "1,024") + "-slot log";
                figures.put(column, String.format("%,.0f records/s (invariant %s)", n / (nanos / 1e9), invariant));
                String rssColumn = "daemon peak RSS (32 / 1,024)";
                if (!fuse) {
                    String before = figures.get(rssColumn).equals("—") ? "" : figures.get(rssColumn).replace(" MiB", "") + " / ";
                    figures.put(rssColumn, before + peakRssKib / 1024 + " MiB");
                }
            } finally {
                daemon.destroy();
                daemon.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private void latency(int perSecond, int seconds) throws Exception {
        McelogDevice device = PacedDevice.device(32);
        Path log = dir.resolve("latency.log");
        int warmSeconds = Integer.parseInt(System.getenv().getOrDefault("E2E_WARMUP_S", "5"));
        int warm = perSecond * warmSeconds;
        int n = warm + perSecond * seconds;
        long[] stored = new long[n + 1];
        try (DeviceServer server = PacedDevice.serve(dir.resolve("l.sock"), device, new SysfsTree())) {
            Process daemon = daemon(server.socket(), log, "latency");
            try {
                while (device.waiters() == 0) {
                    Thread.sleep(10);
                }
                LogTail tail = new LogTail(log, n, 20_000);
                tail.start();
                long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
                long next = System.nanoTime();
                long droppedWarm = 0;
                for (int tag = 1; tag <= n; tag++) {
                    while (System.nanoTime() < next) {
                        LockSupport.parkNanos(next - System.nanoTime());
                    }
                    if (tag == warm + 1) {
                        droppedWarm = device.dropped();
                    }
                    stored[tag] = System.nanoTime();
                    device.accept(TaggedRecords.record(tag));
                    next += period;
                }
                while (device.pending() > 0) {
                    Thread.sleep(1);
                }
                tail.finish(n - (int) device.dropped());
                long[] micros = new long[n - warm];
                int m = 0;
                for (int tag = warm + 1; tag <= n; tag++) {
                    if (tail.seenAt(tag) != 0) {
                        micros[m++] = (tail.seenAt(tag) - stored[tag]) / 1_000;
                    }
                }
                micros = Arrays.copyOf(micros, m);
                Arrays.sort(micros);
                System.out.printf("latency mce_log -> line in the file, %d records at %d/s after a %d s warm-up:"
                        + " p50 %d us, p99 %d us, max %d us (tail polled every 20 us); dropped %d in the warm-up,"
                        + " %d after%n", n - warm, perSecond, warm / perSecond, micros[m / 2], micros[m * 99 / 100],
                        micros[m - 1], droppedWarm, device.dropped() - droppedWarm);
                figures.put("latency at 1,000/s (10 s after 5 s warm-up)", String.format("p50 %d us, p99 %s us, max %s us%s",
                        micros[m / 2], String.format("%,d", micros[m * 99 / 100]), String.format("%,d", micros[m - 1]),
                        warmSeconds == 5 ? "" : " (after a " + warmSeconds + " s warm-up)"));
                figures.put("dropped by the 32-slot log", droppedWarm + " in warm-up, " + (device.dropped() - droppedWarm)
                        + " after");
            } finally {
                daemon.destroy();
                daemon.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * {@code readers} JSON stream readers plus one that subscribes and never reads, while
     * {@code n} records go through: until every live reader has every record.
     */
    private void readers(int n, int readers) throws Exception {
        McelogDevice device = PacedDevice.device(32);
        Path client = dir.resolve("readers-client");
        try (DeviceServer server = PacedDevice.serve(dir.resolve("r.sock"), device, new SysfsTree());
             Selector selector = Selector.open()) {
            Process daemon = daemon(server.socket(), dir.resolve("readers.log"), "readers",
                    "[server]\nsocket-path = " + client + "\n");
            try {
                while (!Files.exists(client) || device.waiters() == 0) {
                    Thread.sleep(10);
                }
                long[][] counts = new long[readers][2]; // newlines, bytes
                for (int i = 0; i < readers; i++) {
                    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    ch.connect(UnixDomainSocketAddress.of(client));
                    ch.write(ByteBuffer.wrap("subscribe 1 json\n".getBytes(StandardCharsets.US_ASCII)));
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, counts[i]);
                }
                SocketChannel stalled = SocketChannel.open(StandardProtocolFamily.UNIX);
                stalled.connect(UnixDomainSocketAddress.of(client));
                stalled.write(ByteBuffer.wrap("subscribe 1 json\n".getBytes(StandardCharsets.US_ASCII)));
                pump(selector, counts, 2, TimeUnit.SECONDS.toNanos(30)); // "ok 1 json" and the hello
                AtomicLong peakRss = new AtomicLong();
                long start = System.nanoTime();
                Thread injector = new Thread(() -> {
                    for (int tag = 1; tag <= n; tag++) {
                        while (device.pending() >= 32) {
                            LockSupport.parkNanos(10_000);
                        }
                        device.accept(TaggedRecords.record(tag));
                        if (tag % 100 == 0) {
                            peakRss.accumulateAndGet(rssKib(daemon.pid()), Math::max);
                        }
                    }
                });
                injector.start();
                boolean all = pump(selector, counts, n + 2L, TimeUnit.SECONDS.toNanos(300));
                long nanos = System.nanoTime() - start;
                injector.join();
                long bytes = Arrays.stream(counts).mapToLong(c -> c[1]).sum();
                long complete = Arrays.stream(counts).filter(c -> c[0] >= n + 2L).count();
                System.out.printf("%d JSON readers + 1 stalled, %d records: %d readers got all in %.2f s = %,.0f"
                                + " records/s, %,.0f deliveries/s, %.1f MiB/s; daemon peak RSS %d MiB; dropped %d%n",
                        readers, n, complete, nanos / 1e9, n / (nanos / 1e9), (double) n * readers / (nanos / 1e9),
                        bytes / (nanos / 1e9) / (1 << 20), peakRss.get() / 1024, device.dropped());
                if (!all) {
                    System.out.println("  NOT every reader got every record within 300 s");
                }
                figures.put("stream readers", String.format("%d JSON readers + 1 stalled, %d records: %d got all,"
                                + " %,.0f deliveries/s, RSS %d MiB, dropped %d", readers, n, complete,
                        (double) n * readers / (nanos / 1e9), peakRss.get() / 1024, device.dropped()));
                stalled.close();
            } finally {
                daemon.destroy();
                daemon.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads every channel until each has {@code lines} lines, or the deadline; true if all did. */
    private static boolean pump(Selector selector, long[][] counts, long lines, long timeoutNanos) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline) {
            if (Arrays.stream(counts).allMatch(c -> c[0] >= lines)) {
                return true;
            }
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                long[] c = (long[]) key.attachment();
                buf.clear();
                int r = ((SocketChannel) key.channel()).read(buf);
                if (r < 0) {
                    key.cancel();
                    continue;
                }
                c[1] += r;
                for (int i = 0; i < r; i++) {
                    if (buf.get(i) == '\n') {
                        c[0]++;
                    }
                }
            }
            selector.selectedKeys().clear();
        }
        return false;
    }

    private void idle(int seconds) throws Exception {
        Path sock = dir.resolve("idle-sim.sock");
        Process sim = new ProcessBuilder(home.resolve("bin/mce-sim").toString(), "run", "--socket", sock.toString(),
                "--cpus", "4").redirectOutput(dir.resolve("sim.out").toFile())
                .redirectError(dir.resolve("sim.err").toFile()).start();
        Process daemon = null;
        try {
            while (!Files.exists(sock)) {
                Thread.sleep(50);
            }
            daemon = daemon(sock, dir.resolve("idle.log"), "idle");
            Thread.sleep(5_000); // start-up and JIT settle
            long sim0 = cpuTicks(sim.pid());
            long daemon0 = cpuTicks(daemon.pid());
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            double simPct = (cpuTicks(sim.pid()) - sim0) / (double) seconds; // 100 ticks per s = 100 %
            double daemonPct = (cpuTicks(daemon.pid()) - daemon0) / (double) seconds;
            System.out.printf("idle over %d s: mce-sim %.2f %% of a core, mcelog %.2f %% of a core;"
                    + " daemon RSS %d MiB%n", seconds, simPct, daemonPct, rssKib(daemon.pid()) / 1024);
            figures.put("idle, 60 s", String.format("mce-sim %.2f%%, mcelog %.2f%% of a core; RSS %d MiB", simPct,
                    daemonPct, rssKib(daemon.pid()) / 1024));
        } finally {
            if (daemon != null) {
                daemon.destroy();
                daemon.waitFor(20, TimeUnit.SECONDS);
            }
            sim.destroy();
            sim.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** utime + stime of a process, in clock ticks (USER_HZ = 100 on Linux x86). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return 0;
    }
}
