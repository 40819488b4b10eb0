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
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.act.PageOfflining;
import org.mcelogjava.daemon.config.ConfigException;
import org.mcelogjava.daemon.config.ConfigFile;
import org.mcelogjava.daemon.config.ConfigValidator;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.decode.CpuCatalog;
import org.mcelogjava.daemon.decode.CpuDecoders;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.CpuTypeTracker;
import org.mcelogjava.daemon.decode.CtimeText;
import org.mcelogjava.daemon.decode.DeviceRecordPrinter;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.daemon.decode.MceTextFormatter;
import org.mcelogjava.daemon.decode.RawMceFormatter;
import org.mcelogjava.daemon.device.Batch;
import org.mcelogjava.daemon.policy.AccountingQueries;
import org.mcelogjava.daemon.policy.CacheSharing;
import org.mcelogjava.daemon.policy.DecodeTriggers;
import org.mcelogjava.daemon.policy.MemoryErrorFilter;
import org.mcelogjava.daemon.policy.TriggerRequest;

/**
 * The d2 and d3 daemon captures of mcelog v208 (examples/daemon) replayed through the processor
 * with memory accounting: the log with the accounting lines before each record's text, the memory
 * triggers' environments, and the client socket's {@code dump} and {@code pages} replies.
 */
class AccountingReplayTest {

    private static final String PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
    /** After every record's time: buckets created then never drain (the capture ran years later). */
    private static final long WALL_CLOCK = 1_800_000_000L;

    @TempDir
    Path dir;

    private final StringBuilder log = new StringBuilder();
    private final List<TriggerRequest> triggers = new ArrayList<>();

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = AccountingReplayTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }

    private static String text(String name) throws IOException {
        return new String(resource(name), StandardCharsets.ISO_8859_1);
    }

    /** The capture's mcelog.conf with its trigger directory moved to a temporary one. */
    private McelogConfig config(String name) throws IOException, ConfigException {
        Path trig = Files.createDirectories(dir.resolve("trig"));
        Path trigger = trig.resolve("dump-env");
        Files.writeString(trigger, "#!/bin/sh\n");
        Files.setPosixFilePermissions(trigger, PosixFilePermissions.fromString("rwxr-xr-x"));
        String conf = text(name).replaceAll("directory = .*", "directory = " + trig);
        Path file = dir.resolve("mcelog.conf");
        Files.writeString(file, conf);
        return ConfigValidator.validate(ConfigFile.read(file), Set.of());
    }

    private AccountingQueries replay(String config, List<Batch> batches) throws IOException, ConfigException {
        McelogConfig cfg = config(config);
        MemoryErrorFilter filter = MemoryErrorFilter.configured(cfg, CpuType.NEHALEM, PATH, () -> WALL_CLOCK);
        CpuTypeTracker tracker = new CpuTypeTracker(CpuCatalog.byName("nehalem").orElseThrow(), true, line -> { });
        MceTextFormatter formatter = new MceTextFormatter(new CtimeText(ZoneId.of("UTC")), OptionalDouble.empty());
        RecordProcessor processor = new RecordProcessor(new MceDecoder(tracker, new CpuDecoders()),
                new DeviceRecordPrinter(formatter, new RawMceFormatter(), false),
                (d, outcome, text) -> log.append(text),
                log::append, line -> log.append("mcelog: ").append(line).append('\n'), () -> WALL_CLOCK, 0,
                new RecordProcessor.Policies(filter, new DecodeTriggers(cfg, CacheSharing.UNKNOWN),
                        line -> log.append(line).append('\n'), triggers::add, new PageOfflining((address, kind) -> {
                            throw new AssertionError("memory-ce-action = account never offlines");
                        })));
        for (Batch batch : batches) {
            assertTrue(processor.process(batch));
        }
        return filter.queries();
    }

    private AccountingQueries replayD2() throws IOException, ConfigException {
        return replay("d2/mcelog.conf", List.of(new Batch(resource("d2/b1.bin"), 128, false),
                new Batch(resource("d2/b2.bin"), 128, false), new Batch(resource("d2/b3.bin"), 128, false)));
    }

    @Test
    void d2LogIsMcelogsWithEveryTriggerLineInPlace() throws Exception {
        replayD2();
        assertEquals(text("d2/mcelog.log"), log.toString());
    }

    @Test
    void d2TriggersGetMcelogsEnvironment() throws Exception {
        replayD2();
        List<String> expected = new ArrayList<>();
        for (String block : text("d2/trigger-env.txt").split("=== trigger invocation[^\n]*\n")) {
            if (!block.isBlank()) {
                expected.add(block.replaceAll("(?m)^(ARGV0|ARGS|CWD)=.*\n", "").replaceAll("\n+$", "\n")
                        .replace("<copied from the daemon's own $PATH>", PATH));
            }
        }
        List<String> actual = new ArrayList<>();
        for (TriggerRequest request : triggers) {
            assertEquals("dump-env", request.program());
            assertEquals(List.of(), request.args());
            StringBuilder block = new StringBuilder();
            new TreeMap<>(request.env()).forEach((k, v) -> block.append(k).append('=').append(v).append('\n'));
            actual.add(block.toString());
        }
        assertEquals(expected.stream().sorted().toList(), actual.stream().sorted().toList());
    }

    @Test
    void d2ClientDumpAllBiosAndPages() throws Exception {
        AccountingQueries queries = replayD2();
        assertEquals(text("d2/client.txt"), queries.dump(true, true) + queries.pages());
    }

    /** The reply to {@code request} in d3's protocol.txt, without its {@code done} line. */
    private static String reply(String protocol, String request) {
        int start = protocol.indexOf(request + " ->\n") + request.length() + 4;
        return protocol.substring(start, protocol.indexOf("done\n", start));
    }

    @Test
    void d3PagesAndDumpReplies() throws Exception {
        AccountingQueries queries = replay("d3/mcelog.conf", List.of(new Batch(resource("d3/full.bin"), 128, true),
                new Batch(resource("d3/after.bin"), 128, false)));
        String protocol = text("d3/protocol.txt");
        assertEquals(reply(protocol, "b'pages\\n'"), queries.pages());
        assertEquals(reply(protocol, "b'dump\\n'"), queries.dump(false, false));
        assertEquals(reply(protocol, "b'dump all\\n'"), queries.dump(true, false));
        assertEquals(text("d3/mcelog.log.1") + text("d3/mcelog.log"), log.toString());
        assertEquals(List.of(), triggers);
    }
}
