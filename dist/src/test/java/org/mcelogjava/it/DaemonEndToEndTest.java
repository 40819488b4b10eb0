package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.daemon.config.ConfigFile;
import org.mcelogjava.daemon.config.ConfigValidator;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.cli.Mcelog;
import org.mcelogjava.daemon.decode.AmdDecoding;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.device.DeviceOperand;
import org.mcelogjava.daemon.device.StartupDevice;
import org.mcelogjava.daemon.service.DaemonAssembly;
import org.mcelogjava.daemon.service.Decoding;
import org.mcelogjava.daemon.service.OneShotRead;
import org.mcelogjava.daemon.sink.SyslogWriter;
import org.mcelogjava.kernelsim.dev.LegacyInjector;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.PersistentRecords;
import org.mcelogjava.kernelsim.server.DeviceServer;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.testing.Await;

/** The daemon's device mode against the real device server: records land in the log file once each. */
class DaemonEndToEndTest {

    @TempDir
    Path dir;
    private final McelogDevice device = new McelogDevice(32, 128, true, cpu -> true, LegacyInjector.NONE, new PersistentRecords());
    private DeviceServer server;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        server = DeviceServer.start(dir.resolve("mcelog.sock"), device, new SysfsTree(), "it",
                PeerPolicy.ROOT_ONLY, DeviceServer.DEFAULT_DEVICE_MODE, 1, msg -> { });
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static final Decoding DECODING = new Decoding(CpuType.GENERIC, false, AmdDecoding.SMCA, true,
            ZoneId.of("UTC"), OptionalDouble.empty(), false, 0);

    /** A daemon as mcelog --daemon builds it, with {@code config}, logging to {@code log}. */
    private DaemonAssembly daemon(McelogConfig config, Path log, Path pid) {
        return new DaemonAssembly(new DaemonAssembly.Plan(config, Optional.empty(), List.of(), DECODING,
                Optional.of(log), Optional.of(pid), false, Optional.empty(), SyslogWriter.LOG_WARNING), stdout,
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    /** The daemon's own start: the connection the start-up checks would read the machine through. */
    private Thread running(DaemonAssembly daemon) throws IOException {
        StartupDevice machine = startup();
        Thread t = new Thread(() -> daemon.run(machine));
        t.start();
        return t;
    }

    private int oneShot(Optional<Path> syslog) throws IOException {
        return new OneShotRead(Optional.empty(), syslog, SyslogWriter.LOG_WARNING, DECODING)
                .run(startup(), stdout, new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    /** The simulator's socket with the connection mcelog's start-up checks read the machine through. */
    private StartupDevice startup() throws IOException {
        return StartupDevice.socket(new DeviceOperand.Socket(server.socket()),
                DeviceConnection.connect(server.socket(), DaemonAssembly.IDENTITY), DaemonAssembly.IDENTITY);
    }

    private static McelogConfig config(Path file, String text) throws Exception {
        return ConfigValidator.validate(ConfigFile.read(Files.writeString(file, text)), Set.of());
    }

    /** A Skylake-server corrected memory error tagged by its address. */
    @Test
    void oneShotPrintsWhatIsPendingAndExits() throws IOException {
        device.accept(TaggedRecords.record(1));
        device.accept(TaggedRecords.record(2));
        assertEquals(0, oneShot(Optional.empty()));
        String out = stdout.toString(StandardCharsets.ISO_8859_1);
        assertTrue(out.startsWith("Hardware event. This is not a software error.\nMCE 0\nCPU 1 BANK 7 \n"), out);
        assertTrue(out.contains("\nMCE 1\n"), out);
        assertEquals(0, device.pending());
    }

    @Test
    void withSyslogTheRecordsGoToSyslogInsteadOfStdout() throws Exception {
        Path devLog = dir.resolve("log");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                EpollIoHandler.newFactory());
        try {
            new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx,
                                                    DomainDatagramPacket p) {
                            received.add(p.content().toString(StandardCharsets.UTF_8));
                        }
                    }).bind(new DomainSocketAddress(devLog.toFile())).sync();
            device.accept(TaggedRecords.record(1));
            assertEquals(0, oneShot(Optional.of(devLog)));
            assertEquals("", stdout.toString(StandardCharsets.ISO_8859_1), "syslog replaces stdout");
            String first = received.poll(10, TimeUnit.SECONDS);
            assertTrue(first != null && first.matches("<28>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d mcelog: "
                    + "Hardware event\\. This is not a software error\\."), String.valueOf(first));
            assertEquals("MCE 0", received.poll(10, TimeUnit.SECONDS).replaceFirst("^<28>.{15} mcelog: ", ""));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void oneShotWithoutASimulatorSaysSo() throws Exception {
        server.close();
        int status = new Mcelog(InputStream.nullInputStream(), stdout, new PrintStream(stderr, true, StandardCharsets.UTF_8),
                ZoneId.of("UTC"), Map.of()).run(new String[] {"--socket", server.socket().toString()});
        assertEquals(1, status);
        assertTrue(stderr.toString(StandardCharsets.UTF_8).startsWith("mcelog: Cannot open `" + server.socket() + "': "),
                stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theDaemonLogsEveryRecordOnceInOrderAcrossARotation() throws Exception {
        Path log = dir.resolve("mcelog.log");
        Path pid = dir.resolve("mcelog.pid");
        DaemonAssembly daemon = daemon(config(dir.resolve("mcelog.conf"), "[server]\nsocket-path =\n"), log, pid);
        Thread t = running(daemon);
        waitUntil(() -> Files.exists(pid));
        for (long tag = 1; tag <= 300; tag++) {
            waitUntil(() -> device.pending() < device.logLength()); // a full kernel buffer drops records
            device.accept(TaggedRecords.record(tag));
            if (tag == 150) {
                waitUntil(() -> TaggedRecords.count(log) == 150);
                Files.move(log, dir.resolve("mcelog.log.1"));
                daemon.reopenLog();
                waitUntil(() -> Files.exists(log));
            }
        }
        waitUntil(() -> TaggedRecords.count(log) == 150);
        daemon.stop();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertFalse(Files.exists(pid), "the pidfile is removed at exit");
        String all = Files.readString(dir.resolve("mcelog.log.1"), StandardCharsets.ISO_8859_1)
                + Files.readString(log, StandardCharsets.ISO_8859_1);
        long previous = 0;
        int count = 0;
        for (String line : all.split("\n")) {
            if (line.startsWith("MISC 8c ADDR ")) {
                long tag = Long.parseLong(line.substring("MISC 8c ADDR ".length()).trim(), 16) >> 12;
                assertEquals(previous + 1, tag, "records in order, none twice, none missing");
                previous = tag;
                count++;
            }
        }
        assertEquals(300, count);
    }

    @Test
    void withLog4jRollingBySizeEveryRecordIsInExactlyOneFileInOrder() throws Exception {
        Path log = dir.resolve("mcelog.log");
        Path pid = dir.resolve("mcelog.pid");
        DaemonAssembly daemon = daemon(config(dir.resolve("mcelog.conf"),
                "[server]\nsocket-path =\n[logfile]\nroll-size = 4K\nroll-keep = 1000\n"), log, pid);
        Thread t = running(daemon);
        waitUntil(() -> Files.exists(pid));
        for (long tag = 1; tag <= 300; tag++) {
            waitUntil(() -> device.pending() < device.logLength());
            device.accept(TaggedRecords.record(tag));
        }
        waitUntil(() -> loggedIn(dir) == 300);
        daemon.stop();
        t.join(10_000);
        assertFalse(t.isAlive());
        List<Path> rolled = new ArrayList<>();
        for (int i = 1; Files.exists(dir.resolve("mcelog.log." + i)); i++) {
            rolled.add(0, dir.resolve("mcelog.log." + i)); // oldest first
        }
        assertTrue(rolled.size() >= 10, "300 records of about 400 bytes in 4 KiB files: " + rolled.size());
        StringBuilder all = new StringBuilder();
        for (Path p : rolled) {
            String text = Files.readString(p, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("Hardware event.") && text.matches("(?s).*\nCPUID [^\n]*\n"),
                    p + " holds whole records");
            assertTrue(Files.size(p) < 4096 + 1024, p + ": the limit and at most one record more");
            all.append(text);
        }
        all.append(Files.readString(log, StandardCharsets.ISO_8859_1));
        long previous = 0;
        for (String line : all.toString().split("\n")) {
            if (line.startsWith("MISC 8c ADDR ")) {
                long tag = Long.parseLong(line.substring("MISC 8c ADDR ".length()).trim(), 16) >> 12;
                assertEquals(previous + 1, tag, "records in order, none twice, none missing");
                previous = tag;
            }
        }
        assertEquals(300, previous);
        assertTrue(Files.exists(dir.resolve("mcelog.log.journal")), "the journal beside the log is kept");
    }

    /** Records in every log file of {@code dir} (mcelog.log and its rolled mcelog.log.N). */
    private static long loggedIn(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("mcelog.log"))
                    .mapToLong(TaggedRecords::count).map(n -> Math.max(n, 0)).sum();
        }
    }

    private static void waitUntil(Await.Condition condition) throws InterruptedException {
        Await.until(condition, Duration.ofSeconds(20), Await.where());
    }
}
