package org.mcelogjava.daemon.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.act.PageOfflining;
import org.mcelogjava.daemon.decode.CpuCatalog;
import org.mcelogjava.daemon.decode.CpuDecoders;
import org.mcelogjava.daemon.decode.CpuTypeTracker;
import org.mcelogjava.daemon.decode.CtimeText;
import org.mcelogjava.daemon.decode.DeviceRecordPrinter;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.daemon.decode.MceTextFormatter;
import org.mcelogjava.daemon.decode.RawMceFormatter;
import org.mcelogjava.daemon.decode.RecordIdentity;
import org.mcelogjava.daemon.device.Batch;
import org.mcelogjava.daemon.policy.AccountingEvent;
import org.mcelogjava.daemon.policy.PageOffliner;
import org.mcelogjava.daemon.policy.RecordAccounting;
import org.mcelogjava.daemon.policy.TriggerRequest;

/**
 * Device reads through the processor, compared with mcelog v208's one-shot captures
 * (examples/daemon/d4-oneshot: {@code mcelog --no-dmi --no-imc-log --cpu nehalem <device>}).
 */
class RecordProcessorTest {

    private final StringBuilder out = new StringBuilder();
    private final List<String> errors = new ArrayList<>();

    private RecordProcessor processor(boolean raw, long numErrors) {
        CpuTypeTracker tracker = new CpuTypeTracker(CpuCatalog.byName("nehalem").orElseThrow(), true,
                line -> errors.add(line));
        MceTextFormatter formatter = new MceTextFormatter(new CtimeText(ZoneId.of("UTC")), OptionalDouble.empty());
        DeviceRecordPrinter printer = new DeviceRecordPrinter(formatter, new RawMceFormatter(), raw);
        return new RecordProcessor(new MceDecoder(tracker, new CpuDecoders()), printer, (d, outcome, text) -> out.append(text),
                out::append, errors::add, () -> 1_700_000_000L, numErrors);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RecordProcessorTest.class.getResourceAsStream("/d4-oneshot/" + name)) {
            return in.readAllBytes();
        }
    }

    private static String text(String name) throws IOException {
        return new String(resource(name), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aOneShotReadPrintsAsMcelog() throws IOException {
        assertTrue(processor(false, 0).process(new Batch(resource("two.bin"), 128, false)));
        assertEquals(text("oneshot.out"), out.toString());
        assertEquals(1, errors.size(), "the forced-CPU mismatch is reported once: " + errors);
    }

    @Test
    void eachRecordReachesTheSinksWithItsIdentityFromTheBatch() throws IOException {
        List<RecordIdentity> seen = new ArrayList<>();
        CpuTypeTracker tracker = new CpuTypeTracker(CpuCatalog.byName("nehalem").orElseThrow(), true, errors::add);
        MceTextFormatter formatter = new MceTextFormatter(new CtimeText(ZoneId.of("UTC")), OptionalDouble.empty());
        RecordProcessor processor = new RecordProcessor(new MceDecoder(tracker, new CpuDecoders()),
                new DeviceRecordPrinter(formatter, new RawMceFormatter(), false),
                (d, outcome, text) -> seen.add(d.identity()), out::append, errors::add, () -> 1_700_000_000L, 0);
        byte[] two = resource("two.bin");
        processor.process(new Batch(two, 128, false, Optional.of(new Batch.Numbering("boot-a", 41))));
        processor.process(new Batch(two, 128, false, Optional.of(new Batch.Numbering("", 7)))); // boot not named
        processor.process(new Batch(two, 128, false)); // a plain read
        assertEquals(List.of(new RecordIdentity("boot-a", 41), new RecordIdentity("boot-a", 42),
                RecordIdentity.NONE, RecordIdentity.NONE, RecordIdentity.NONE, RecordIdentity.NONE), seen);
    }

    @Test
    void rawOutput() throws IOException {
        processor(true, 0).process(new Batch(resource("two.bin"), 128, false));
        assertEquals(text("oneshot-raw.out"), out.toString());
    }

    @Test
    void numErrorsStopsAfterThatManyRecords() throws IOException {
        assertFalse(processor(false, 1).process(new Batch(resource("two.bin"), 128, false)));
        assertEquals(text("numerrors1.out"), out.toString());
    }

    @Test
    void longerRecordsAreDecodedAndTheExtraBytesReportedAfterTheBatch() throws IOException {
        processor(false, 0).process(new Batch(resource("two-136.bin"), 136, false));
        assertEquals(text("recordlen136.out"), out.toString());
        List<String> expected = new ArrayList<>();
        for (String line : text("recordlen136.err").split("\n")) {
            expected.add(line.substring("mcelog: ".length()));
        }
        assertEquals(expected, errors);
    }

    @Test
    void aZeroRecordLengthMeansNoData() throws IOException {
        processor(false, 0).process(new Batch(new byte[0], 0, false));
        assertEquals(text("recordlen0.out"), out.toString());
    }

    @Test
    void anOverflowIsWarnedBeforeTheBatch() throws IOException {
        processor(false, 0).process(new Batch(resource("two.bin"), 128, true));
        assertEquals("Warning: MCE buffer is overflowed.", errors.get(0));
    }

    @Test
    void anAccountingStepsLinesAndTriggerLinesComeFirstAndItMaySuppressTheRecord() throws IOException {
        CpuTypeTracker tracker = new CpuTypeTracker(CpuCatalog.byName("nehalem").orElseThrow(), true, errors::add);
        MceTextFormatter formatter = new MceTextFormatter(new CtimeText(ZoneId.of("UTC")), OptionalDouble.empty());
        List<TriggerRequest> triggers = new ArrayList<>();
        TriggerRequest request = new TriggerRequest("t", List.of(), Map.of(), "memdb");
        RecordAccounting step = d -> new RecordAccounting.Outcome(List.of(new AccountingEvent.Notice("cpu " + d.cpu()),
                new AccountingEvent.Trigger(request)), d.cpu() != 300);
        RecordProcessor processor = new RecordProcessor(new MceDecoder(tracker, new CpuDecoders()),
                new DeviceRecordPrinter(formatter, new RawMceFormatter(), false), (d, outcome, text) -> out.append(text),
                out::append, errors::add, () -> 1_700_000_000L, 0,
                new RecordProcessor.Policies(step, RecordAccounting.NONE, line -> out.append(line).append('\n'),
                        triggers::add, RecordProcessor.Policies.NONE.offlining()));
        processor.process(new Batch(resource("two.bin"), 128, false));
        String oneShot = text("oneshot.out");
        String first = oneShot.substring(0, oneShot.indexOf("Hardware event", 1));
        String running = "Running trigger `t' (reporter: memdb)\n";
        assertEquals("cpu 1\n" + running + first + "cpu 300\n" + running, out.toString(),
                "the second record (CPU 300) is suppressed");
        assertEquals(List.of(request, request), triggers);
    }

    /**
     * A page offline decided by the policy is carried out by the executor before the record's text:
     * its lines are logged, the sink's outcome carries them among the actions, and the policy learns
     * the result.
     */
    @Test
    void anOfflineDecisionIsCarriedOutAndItsReportReachesTheLogTheSinkAndThePolicy() throws IOException {
        CpuTypeTracker tracker = new CpuTypeTracker(CpuCatalog.byName("nehalem").orElseThrow(), true, errors::add);
        MceTextFormatter formatter = new MceTextFormatter(new CtimeText(ZoneId.of("UTC")), OptionalDouble.empty());
        List<String> tried = new ArrayList<>();
        List<String> told = new ArrayList<>();
        List<List<String>> sunk = new ArrayList<>();
        RecordAccounting step = new RecordAccounting() {
            @Override
            public Outcome account(org.mcelogjava.daemon.decode.DecodedMce d) {
                return new Outcome(List.of(new AccountingEvent.OfflinePage(0x2000L * d.cpu(),
                        List.of(PageOffliner.Kind.SOFT, PageOffliner.Kind.HARD))), true);
            }

            @Override
            public void offlined(AccountingEvent.OfflinePage decision, boolean done) {
                told.add(Long.toHexString(decision.address()) + " " + done);
            }
        };
        PageOfflining offlining = new PageOfflining((address, kind) -> {
            tried.add(kind + " " + Long.toHexString(address));
            if (kind == PageOffliner.Kind.SOFT || address > 0x2000) {
                throw new IOException("Device or resource busy");
            }
        });
        RecordProcessor processor = new RecordProcessor(new MceDecoder(tracker, new CpuDecoders()),
                new DeviceRecordPrinter(formatter, new RawMceFormatter(), false),
                (d, outcome, text) -> sunk.add(outcome.actions()), out::append, errors::add, () -> 1_700_000_000L, 0,
                new RecordProcessor.Policies(step, RecordAccounting.NONE, line -> out.append(line).append('\n'),
                        r -> { }, offlining));
        processor.process(new Batch(resource("two.bin"), 128, false));
        assertEquals(List.of("SOFT 2000", "HARD 2000", "SOFT 258000", "HARD 258000"), tried);
        assertEquals(List.of("2000 true", "258000 false"), told);
        List<String> second = List.of("Offlining page 258000",
                "Soft offlining of page 258000 failed, trying hard offlining",
                "Offlining page 258000 failed: Device or resource busy");
        assertEquals(List.of(List.of("Offlining page 2000", "Soft offlining of page 2000 failed, trying hard offlining"),
                second), sunk);
        assertEquals("Offlining page 2000\nSoft offlining of page 2000 failed, trying hard offlining\n"
                + String.join("\n", second) + "\n", out.toString());
    }
}
