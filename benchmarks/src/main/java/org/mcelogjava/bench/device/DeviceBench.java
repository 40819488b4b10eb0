package org.mcelogjava.bench.device;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.mcelogjava.bench.Run;
import org.mcelogjava.bench.Scratch;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.kernelsim.service.ServiceConfig;
import org.mcelogjava.kernelsim.service.SimulatorService;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.PollEvents;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Measures the running simulator over a real Unix socket with the real client (not a test):
 * <ol>
 * <li>wake-up latency from {@code mce_log()} on the engine thread to the return of a client's
 * POLL, p50/p99/max over {@code N} records (default 1000), one record per wake-up;</li>
 * <li>records per second through the device with one reader (poll + read loop) while the engine
 * logs as fast as the log has room, and the records dropped;</li>
 * <li>the process CPU time spent while one client sleeps in POLL for two seconds;</li>
 * <li>the heap held by 1,000 idle connections.</li>
 * </ol>
 * {@code bench/run device [N]} builds and runs it, and prints the row of BENCHMARKS.md's table.
 */
public final class DeviceBench {

    private static final Mce CORRECTED = Mce.builder().status(0x9c00000000010090L).bank(1).build();

    private DeviceBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Run run = Run.inProcess("Simulator device (DeviceBench)");
        Scratch.run("mce-bench", dir -> measure(n, run, dir));
    }

    private static void measure(int n, Run run, Path dir) throws Exception {
        ServiceConfig config = new ServiceConfig(dir.resolve("mce.sock"), 4, CpuProfiles.skylakeServer(),
                KernelProfile.V6_12, new ServiceConfig.ClockMode.Stepped(), "none", 1L, Set.of(), Set.of(), 0600);
        ExecutorService readerThread = Executors.newSingleThreadExecutor();
        try (SimulatorService s = SimulatorService.start(config, MceObserver.NONE, (u, g) -> true, m -> { });
             DeviceConnection reader = DeviceConnection.connect(config.socket(), "bench")) {
            int fd = reader.open(OpenFlags.O_RDONLY);
            int logBytes = reader.ioctl(fd, McelogIoctl.MCE_GET_LOG_LEN) * reader.ioctl(fd, McelogIoctl.MCE_GET_RECORD_LEN);
            latency(s, reader, fd, logBytes, readerThread, Math.min(n, 200)); // warm-up
            long[] lat = latency(s, reader, fd, logBytes, readerThread, n);
            Arrays.sort(lat);
            String latency = String.format("p50 %.1f us, p99 %.1f us, max %.1f us",
                    lat[n / 2] / 1e3, lat[(int) (n * 0.99)] / 1e3, lat[n - 1] / 1e3);
            System.out.printf("wake-up latency mce_log -> POLL reply, %d records: %s%n", n, latency);
            throughput(s, reader, fd, logBytes, readerThread, 20_000); // warm-up
            String throughput = throughput(s, reader, fd, logBytes, readerThread, 200_000);
            String idle = idlePoll(s, reader, fd, readerThread);
            String connections = idleConnections(s, reader, 1000);
            run.print(System.out, List.of("wake-up latency mce_log -> POLL reply (" + n + " records)", "one reader",
                    "idle POLL, 2 s", "1,000 idle connections"), List.of(latency, throughput, idle, connections));
        } finally {
            readerThread.shutdownNow();
        }
    }

    private static long[] latency(SimulatorService s, DeviceConnection reader, int fd, int logBytes,
                                  ExecutorService readerThread, int n) throws Exception {
        long[] out = new long[n];
        AtomicLong loggedAt = new AtomicLong();
        for (int i = 0; i < n; i++) {
            Future<Long> woke = readerThread.submit(() -> {
                reader.poll(fd, PollEvents.POLLIN, -1);
                return System.nanoTime();
            });
            while (s.device().waiters() == 0) {
                Thread.onSpinWait();
            }
            s.onEngine(() -> {
                loggedAt.set(System.nanoTime());
                return s.kernel().logger().log(CORRECTED);
            });
            out[i] = woke.get() - loggedAt.get();
            reader.read(fd, logBytes);
        }
        return out;
    }

    private static String throughput(SimulatorService s, DeviceConnection reader, int fd, int logBytes,
                                   ExecutorService readerThread, int total) throws Exception {
        int recordLength = s.device().recordLength();
        Future<Long> consumer = readerThread.submit(() -> {
            long got = 0;
            while (got < total) {
                reader.poll(fd, PollEvents.POLLIN, -1);
                got += reader.read(fd, logBytes).length / recordLength;
            }
            return got;
        });
        long start = System.nanoTime();
        int produced = 0;
        while (produced < total) {
            int left = total - produced;
            int batch = s.onEngine(() -> {
                int room = s.device().logLength() - s.device().pending();
                int k = Math.min(room, left);
                for (int i = 0; i < k; i++) {
                    s.kernel().logger().log(CORRECTED);
                }
                return k;
            });
            produced += batch;
            if (batch == 0) {
                Thread.onSpinWait();
            }
        }
        long got = consumer.get();
        double secs = (System.nanoTime() - start) / 1e9;
        int flags = reader.ioctl(fd, McelogIoctl.MCE_GETCLEAR_FLAGS);
        System.out.printf("throughput: %d records read by one reader in %.2f s = %.0f records/s (overflow flag %d)%n",
                got, secs, got / secs, flags);
        return String.format("%,.0f records/s (%,d records, overflow flag %d)", got / secs, got, flags);
    }

    private static String idlePoll(SimulatorService s, DeviceConnection reader, int fd, ExecutorService readerThread)
            throws Exception {
        reader.read(fd, s.device().logLength() * s.device().recordLength());
        Future<Integer> sleeping = readerThread.submit(() -> reader.poll(fd, PollEvents.POLLIN, 2000));
        while (s.device().waiters() == 0) {
            Thread.onSpinWait();
        }
        long cpu0 = processCpuNanos();
        long wall0 = System.nanoTime();
        int revents = sleeping.get();
        long cpu = processCpuNanos() - cpu0;
        long wall = System.nanoTime() - wall0;
        System.out.printf("idle POLL: %.2f s asleep (revents %d), process CPU %.1f ms (%.2f%% of one core)%n",
                wall / 1e9, revents, cpu / 1e6, 100.0 * cpu / wall);
        return String.format("%.0f ms CPU (%.1f%% of a core, JVM background included)", cpu / 1e6, 100.0 * cpu / wall);
    }

    /** Heap held by {@code n} idle connections (raw sockets, no traffic), and an attribute read among them. */
    private static String idleConnections(SimulatorService s, DeviceConnection reader, int n) throws Exception {
        long before = usedHeapAfterGc();
        List<SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                idle.add(SocketChannel.open(UnixDomainSocketAddress.of(s.server().socket())));
            }
            long t0 = System.nanoTime();
            reader.readText("/sys/devices/system/machinecheck/machinecheck0/check_interval");
            long readNanos = System.nanoTime() - t0;
            Thread.sleep(500); // let the server accept and register every connection
            long after = usedHeapAfterGc();
            System.out.printf("%d idle connections: heap +%.1f MiB (%.1f KiB each, server and client side), "
                    + "an attribute read meanwhile %.2f ms%n", n, (after - before) / 1048576.0,
                    (after - before) / 1024.0 / n, readNanos / 1e6);
            return String.format("heap +%.1f MiB", (after - before) / 1048576.0);
        } finally {
            for (SocketChannel ch : idle) {
                ch.close();
            }
        }
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long processCpuNanos() throws IOException {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
