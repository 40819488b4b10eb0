package org.mcelogjava.daemon.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.config.ConfigFile;
import org.mcelogjava.daemon.config.ConfigValidator;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.decode.AmdDecoding;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.device.Batch;
import org.mcelogjava.daemon.machine.SocketMachineFiles;
import org.mcelogjava.daemon.sink.SyslogWriter;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;

/**
 * The stream tells the truth: the d2 and d3 captures of mcelog v208 and a demo-like burst (the
 * kinds of errors mcelog-demo injects on a Skylake server) go through the record path as the
 * daemon's composition root builds it ({@link DaemonAssembly#recordPath}) (accounting, triggers, log text, stream); a reader subscribes with
 * {@code subscribe 1 json replay} on the real client socket, and an independent JSON parser
 * (python3's, resources/stream/agree.py) checks, record by record, that every member agrees with the
 * log text of the same record: transaction, level, channel, DIMM, severity, page, socket, CPU, bank,
 * class, and the thresholds and actions logged just before it.
 */
class StreamTruthTest {

    private static final long WALL_CLOCK = 1_800_000_000L;

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = StreamTruthTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }

    /** The capture's mcelog.conf with its client socket and trigger directory moved under {@code dir}. */
    private McelogConfig config(String name) throws Exception {
        Path trig = Files.createDirectories(dir.resolve("trig"));
        Path trigger = trig.resolve("dump-env");
        Files.writeString(trigger, "#!/bin/sh\n");
        Files.setPosixFilePermissions(trigger, PosixFilePermissions.fromString("rwxr-xr-x"));
        String conf = new String(resource(name), StandardCharsets.ISO_8859_1)
                .replaceAll("directory = .*", "directory = " + trig)
                .replaceAll("socket-path = .*", "socket-path = " + dir.resolve("client.sock"));
        Path file = dir.resolve("mcelog.conf");
        Files.writeString(file, conf);
        return ConfigValidator.validate(ConfigFile.read(file), Set.of());
    }

    /** Runs the batches through the daemon's services; returns the stream's record lines. */
    private List<String> run(String conf, CpuType type, List<Batch> batches, Path log) throws Exception {
        McelogConfig config = config(conf);
        StringBuilder text = new StringBuilder();
        List<String> errors = new ArrayList<>();
        try (Closer parts = new Closer(errors::add)) {
            Decoding decoding = new Decoding(type, true, AmdDecoding.SMCA, true, ZoneId.of("UTC"),
                    OptionalDouble.empty(), false, 0);
            DaemonAssembly.Plan plan = new DaemonAssembly.Plan(config, Optional.of(type),
                    List.of(), decoding, Optional.empty(), Optional.empty(), false, Optional.empty(),
                    SyslogWriter.LOG_WARNING);
            Consumer<String> errorChannel = line -> { // as a daemon's: into its log, and kept to be checked
                text.append("mcelog: ").append(line).append('\n');
                errors.add(line);
            };
            RecordProcessor processor = DaemonAssembly.recordPath(plan, parts, text::append, errorChannel,
                    new SocketMachineFiles(() -> {
                        throw new IOException("no device in this test");
                    }), () -> WALL_CLOCK).processor();
            int records = 0;
            for (Batch batch : batches) {
                assertTrue(processor.process(batch));
                records += batch.count();
            }
            Files.writeString(log, text, StandardCharsets.ISO_8859_1);
            assertEquals(List.of(), errors.stream().filter(e -> !e.equals("Warning: MCE buffer is overflowed.")).toList(),
                    "the daemon's error channel: nothing but the kernel's overflow reports of the capture");
            return StreamLines.replayed(dir.resolve("client.sock"), records);
        }
    }

    /** agree.py over the stream and the log: its complaints, none when they agree. */
    private String disagreements(List<String> stream, Path log) throws Exception {
        Path script = dir.resolve("agree.py");
        Files.write(script, resource("stream/agree.py"));
        Path jsonl = dir.resolve("stream.jsonl");
        Files.write(jsonl, stream, StandardCharsets.UTF_8);
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString(), jsonl.toString(), log.toString())
                    .redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new AssertionError("python3 is needed to parse the stream independently "
                    + "(Debian package python3): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        assertTrue(err.startsWith("checked " + stream.size() + " records"), err);
        return status == 0 ? "" : out;
    }

    private void assertAgree(String conf, CpuType type, List<Batch> batches) throws Exception {
        Path log = dir.resolve("mcelog.log");
        List<String> stream = run(conf, type, batches, log);
        assertEquals("", disagreements(stream, log));
    }

    @Test
    void d2StreamAgreesWithItsLogIncludingThresholdsAndTriggers() throws Exception {
        assertAgree("d2/mcelog.conf", CpuType.NEHALEM, List.of(new Batch(resource("d2/b1.bin"), 128, false),
                new Batch(resource("d2/b2.bin"), 128, false), new Batch(resource("d2/b3.bin"), 128, false)));
    }

    @Test
    void d3StreamAgreesWithItsLog() throws Exception {
        assertAgree("d3/mcelog.conf", CpuType.NEHALEM, List.of(new Batch(resource("d3/full.bin"), 128, true),
                new Batch(resource("d3/after.bin"), 128, false)));
    }

    /** What mcelog-demo injects on a Skylake server: memory CEs on one page, a cache CE, a bus error, an SRAR. */
    @Test
    void demoBurstStreamAgreesWithItsLog() throws Exception {
        Mce base = Mce.builder().cpuvendor(0).cpuid(0x50654).mcgcap(0x1000c14L).time(1_700_000_000L).socketid(1)
                .apicid(32).extcpu(0).cpu(20).build();
        List<Mce> burst = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            burst.add(base.toBuilder().bank(13).status(0x9c00_0040_0001_0090L | 1).misc(0x2000086L + i)
                    .addr(0x1_2345_6000L + 0x40 * i).build());
        }
        burst.add(base.toBuilder().bank(1).status(0x9000_0040_0000_0134L).build()); // L1 data-read, corrected
        burst.add(base.toBuilder().bank(4).status(0xb200_0000_0000_0e0bL).misc(0x3f00L).build()); // IO, uncorrected
        burst.add(base.toBuilder().bank(13).status(0xbd80_0000_0001_0091L).misc(0x86L).addr(0x7_0000_1000L)
                .mcgstatus(0x5).build()); // SRAR memory read
        byte[] data = new byte[burst.size() * 128];
        for (int i = 0; i < burst.size(); i++) {
            MceCodec.encode(burst.get(i), data, i * 128, 128);
        }
        assertAgree("d2/mcelog.conf", CpuType.SKYLAKE_XEON, List.of(new Batch(data, 128, false)));
    }
}
