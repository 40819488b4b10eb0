package org.mcelogjava.bench.ceiling;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcelogjava.bench.Run;
import org.mcelogjava.bench.Scratch;
import org.mcelogjava.bench.e2e.PacedDevice;
import org.mcelogjava.it.TaggedRecords;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.server.DeviceServer;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.mce.MceCodec;

/**
 * The ceiling of issue #16: what this machine allows the end-to-end pipeline (EndToEndBench's
 * throughput phase), so that its figures read as fractions of it. For {@code N} records, in
 * records per second, each with a 32-slot and a 1,024-slot log:
 * <ol>
 * <li>raw: 128-byte records written to a Unix socket by this JVM in writes of 32 or 1,024 records
 * and read and counted by another JVM ({@link RawSocketReader}); no protocol;</li>
 * <li>drain: the pipeline with the daemon's decoding, formatting, policies and log file replaced
 * by nothing: EndToEndBench's in-process device, server and paced injection, read by
 * {@link DrainReader} in another JVM (STREAM with a window of the log, an ACK per push);</li>
 * <li>decode: the same reader also decoding each record ({@code MceCodec.decode}, no text).</li>
 * </ol>
 * The device's side runs in this JVM, whose JIT and heap are cold at the first drain: that first
 * drain (32 slots, as EndToEndBench's first phase, which meets the same cold JVM) is reported on
 * its own as "cold", and the drain and decode figures are measured after it, warm.
 * <p>Each figure runs from just before the first write (raw) or injection (drain, decode) to the
 * moment the reader's line saying it has all {@code N} records reaches this JVM. Every phase starts
 * a fresh reader JVM, so the reader's start-up JIT is inside the figure, as the daemon's is in
 * EndToEndBench. {@code bench/run ceiling [N [PHASES]]} runs it (PHASES: a comma list of
 * {@code raw,drain,decode}, all by default; the cold drain comes with drain or decode); the readers
 * get {@link ReaderProcess#OPTIONS}.
 */
public final class CeilingBench {

    static final int RECORD_LENGTH = 128;
    private static final int[] SIZES = {32, 1024};
    private static final long TIMEOUT_S = 600;

    private final Path dir;
    private final int n;
    private final Map<String, String> figures = new LinkedHashMap<>();

    private CeilingBench(Path dir, int n) {
        this.dir = dir;
        this.n = n;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<String> phases = List.of((args.length > 1 ? args[1] : "raw,drain,decode").split(","));
        Run run = Run.withOptions("Ceiling: raw socket and device drain (CeilingBench, N = " + n + ")",
                "readers: " + ReaderProcess.OPTIONS + "; writer and device: this JVM's");
        Scratch.run("mcelog-ceiling", dir -> measure(new CeilingBench(dir, n), phases, run));
    }

    private static void measure(CeilingBench bench, List<String> phases, Run run) throws Exception {
        System.out.printf("machine: %d cores; %s%n", Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        for (String phase : List.of("raw", "cold", "drain", "decode")) {
            for (int size : phase.equals("cold") ? new int[] {32} : SIZES) {
                String column = column(phase, size);
                bench.figures.put(column, "—");
                boolean drains = phases.contains("drain") || phases.contains("decode");
                if (phases.contains(phase) || phase.equals("cold") && drains) {
                    bench.figures.put(column, phase.equals("raw") ? bench.raw(size) : bench.drain(size, phase));
                }
            }
        }
        run.print(System.out, List.copyOf(bench.figures.keySet()), List.copyOf(bench.figures.values()));
    }

    private static String column(String phase, int size) {
        String s = size == 32 ? "32" : "1,024";
        return switch (phase) {
            case "raw" -> "raw socket, writes of " + s;
            case "cold" -> "device drain, 32-slot log, first in this JVM (cold)";
            case "drain" -> "device drain, " + s + "-slot log";
            default -> "drain + MceCodec.decode, " + s + "-slot log";
        };
    }

    /** Phase raw: writes of {@code perWrite} records to a socket another JVM reads. */
    private String raw(int perWrite) throws Exception {
        Path socket = dir.resolve("raw-" + perWrite + ".sock");
        ByteBuffer buf = ByteBuffer.allocateDirect(perWrite * RECORD_LENGTH);
        for (int i = 0; i < perWrite; i++) {
            buf.put(MceCodec.encode(TaggedRecords.record(i + 1), RECORD_LENGTH));
        }
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            try (ReaderProcess reader = ReaderProcess.start(RawSocketReader.class, socket.toString(),
                    Integer.toString(n), Integer.toString(perWrite));
                 SocketChannel ch = listener.accept()) {
                reader.await("ready", 60);
                long start = System.nanoTime();
                for (long left = n; left > 0; left -= perWrite) {
                    buf.clear().limit((int) Math.min(left, perWrite) * RECORD_LENGTH);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
                ReaderProcess.Line done = reader.await("done", TIMEOUT_S);
                double seconds = (done.nanos() - start) / 1e9;
                long records = Long.parseLong(done.text().split(" ")[1]) / RECORD_LENGTH;
                System.out.printf("raw socket, writes of %d records: %d records in %.2f s = %,.0f records/s%n",
                        perWrite, records, seconds, records / seconds);
                return String.format("%,.0f records/s", records / seconds);
            }
        }
    }

    /** Phases drain and decode: EndToEndBench's throughput phase with DrainReader for the daemon. */
    private String drain(int slots, String mode) throws Exception {
        McelogDevice device = PacedDevice.device(slots);
        try (DeviceServer server = PacedDevice.serve(dir.resolve(mode + "-" + slots + ".sock"), device, new SysfsTree());
             ReaderProcess reader = ReaderProcess.start(DrainReader.class, server.socket().toString(),
                     Integer.toString(n), mode.equals("decode") ? "decode" : "count")) {
            reader.await("ready", 60);
            long start = System.nanoTime();
            PacedDevice.inject(device, n, slots);
            ReaderProcess.Line done = reader.await("done", TIMEOUT_S);
            double seconds = (done.nanos() - start) / 1e9;
            String[] f = done.text().split(" "); // done RECORDS PUSHES OVERFLOWS OUT_OF_ORDER
            long records = Long.parseLong(f[1]);
            long pushes = Long.parseLong(f[2]);
            String check = records == n && device.dropped() == 0 && f[3].equals("0") && f[4].equals("0")
                    ? "all, in order" : "records " + records + ", dropped " + device.dropped() + ", overflows "
                    + f[3] + (mode.equals("decode") ? ", out of order " + f[4] : "");
            System.out.printf("%s, log of %d slots: %d records in %.2f s = %,.0f records/s; %d pushes (%.1f records"
                            + " each); %s%n", switch (mode) {
                        case "decode" -> "drain + decode";
                        case "cold" -> "device drain, cold";
                        default -> "device drain";
                    }, slots, records,
                    seconds, records / seconds, pushes, (double) records / pushes, check);
            return String.format("%,.0f records/s (%.1f records a push)", records / seconds, (double) records / pushes);
        }
    }
}
