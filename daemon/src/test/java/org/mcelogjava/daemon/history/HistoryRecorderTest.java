package org.mcelogjava.daemon.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.decode.CpuDecoders;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.CpuTypeTracker;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.DimmMap;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.daemon.decode.RecordIdentity;
import org.mcelogjava.daemon.device.Batch;
import org.mcelogjava.daemon.dmi.DmiMemory;
import org.mcelogjava.daemon.policy.AccountingEvent;
import org.mcelogjava.daemon.policy.PageOffliner;
import org.mcelogjava.daemon.policy.RecordAccounting;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.mce.MceLayout;

/** The history sink against a real SQLite file: rasdaemon's rows, once per record identity, and a full queue said and counted. */
class HistoryRecorderTest {

    /** A corrected memory read error on socket 1, channel 2 (Skylake-SP bank 17), page 0x12345000. */
    private static final Mce MEMORY = Mce.builder().status(0x9c00000000000090L).addr(0x12345678L).bank(17).socketid(1)
            .cpuid(0x50654).time(1_700_000_000L).finished(1).build();
    private static final Mce CACHE = Mce.builder().status(0xb200000000000134L).bank(1).cpuid(0x50654)
            .time(1_700_000_001L).finished(1).build();
    private static final List<DmiMemory.Device> DMI = List.of(
            new DmiMemory.Device("CPU1_DIMM_C1", "P1_Node1_Channel2_Dimm0"));
    private static final MceDecoder DECODER =
            new MceDecoder(new CpuTypeTracker(CpuType.SKYLAKE_XEON, true, line -> { }), new CpuDecoders(), true,
                    new DimmMap(DMI));

    @TempDir
    Path dir;

    private final List<String> errors = new CopyOnWriteArrayList<>();

    private HistoryRecorder recorder(Path db, int queue) throws SQLException {
        return new HistoryRecorder(HistoryDatabase.open(db),
                new HistoryRecords(ZoneOffset.UTC), queue, errors::add);
    }

    private static Batch batch(String boot, long first, Mce... records) {
        byte[] data = new byte[records.length * MceLayout.SIZE];
        for (int i = 0; i < records.length; i++) {
            MceCodec.encode(records[i], data, i * MceLayout.SIZE, MceLayout.SIZE);
        }
        return new Batch(data, MceLayout.SIZE, false, Optional.of(new Batch.Numbering(boot, first)));
    }

    /** A batch through the sink as the record path hands it over; {@code outcome} is the first record's. */
    private static CompletableFuture<Void> deliver(HistoryRecorder h, Batch batch, RecordAccounting.Outcome outcome) {
        for (int i = 0; i < batch.count(); i++) {
            DecodedMce d = DECODER.decode(batch.record(i), batch.recordLength(), batch.identity(i));
            h.record(d, i == 0 ? outcome : RecordAccounting.Outcome.NOTHING);
        }
        return h.batchEnds();
    }

    @Test
    void storesRasdaemonsRowsOncePerRecordIdentityAcrossReopening() throws Exception {
        Path db = dir.resolve("ras-mc_event.db");
        Batch first = batch("boot-a", 7, MEMORY, CACHE);
        RecordAccounting.Outcome offlined = new RecordAccounting.Outcome(List.of(
                new AccountingEvent.ThresholdCrossed("Corrected memory errors on page 12345000 exceed threshold", true),
                new AccountingEvent.OfflinePage(0x12345000L, List.of(PageOffliner.Kind.SOFT))), true);
        try (HistoryRecorder h = recorder(db, 16)) {
            deliver(h, first, offlined);
            deliver(h, first, offlined); // redelivered after a reconnect
        }
        try (HistoryRecorder h = recorder(db, 16)) {
            deliver(h, first, offlined); // redelivered after a restart
            deliver(h, batch("boot-a", 9, MEMORY), RecordAccounting.Outcome.NOTHING);
            deliver(h, batch("boot-b", 7, MEMORY), RecordAccounting.Outcome.NOTHING); // same number, next boot
        }
        assertEquals(List.of(), errors);
        assertEquals("wal", one(db, "PRAGMA journal_mode"));
        assertEquals("4", one(db, "SELECT count(*) FROM mce_record"));
        assertEquals("boot-a 7|boot-a 8|boot-a 9|boot-b 7",
                one(db, "SELECT group_concat(boot_id || ' ' || seq, '|') FROM mce_record"));
        assertEquals("2023-11-14 22:13:20 +0000|-7205759403792793456|305419896|1|17|MEMORY CONTROLLER RD_CHANNEL0_ERR"
                        + " Transaction: Memory read error|Corrected_error Error_enabled|SOCKET:1 CHANNEL:2 DIMM:0",
                one(db, "SELECT timestamp || '|' || status || '|' || addr || '|' || socketid || '|' || bank || '|'"
                        + " || error_msg || '|' || mcistatus_msg || '|' || mc_location FROM mce_record WHERE id = 1"));
        assertEquals("Uncorrected_error Error_enabled Processor_context_corrupt",
                one(db, "SELECT mcistatus_msg FROM mce_record WHERE id = 2"));
        assertEquals("3", one(db, "SELECT count(*) FROM mc_event"));
        assertEquals("Corrected|memory read error|CPU1_DIMM_C1|1|2|0|-1|305419896",
                one(db, "SELECT err_type || '|' || err_msg || '|' || label || '|' || mc || '|' || top_layer || '|'"
                        + " || middle_layer || '|' || lower_layer || '|' || address FROM mc_event WHERE id = 1"));
        assertEquals("0x12345|unknown page|Recovered",
                one(db, "SELECT group_concat(pfn || '|' || page_type || '|' || action_result) FROM memory_failure_event"));
        assertEquals("Corrected memory errors on page 12345000 exceed threshold",
                one(db, "SELECT group_concat(message, '|') FROM threshold_event"));
    }

    @Test
    void aBatchIsHeldOnceItsFutureCompletesAndTheMarkSurvivesReopening() throws Exception {
        Path db = dir.resolve("ras-mc_event.db");
        try (HistoryRecorder h = recorder(db, 16)) {
            assertFalse(h.holds(new RecordIdentity("boot-a", 0)), "an empty history holds nothing");
            deliver(h, batch("boot-a", 7, MEMORY, CACHE), RecordAccounting.Outcome.NOTHING).get(20, TimeUnit.SECONDS);
            assertEquals("2", one(db, "SELECT count(*) FROM mce_record"), "committed when the future completes");
        }
        try (HistoryRecorder h = recorder(db, 16)) {
            assertTrue(h.holds(new RecordIdentity("boot-a", 8)));
            assertFalse(h.holds(new RecordIdentity("boot-a", 9)), "the next record of the boot");
            assertFalse(h.holds(new RecordIdentity("boot-b", 0)), "another boot's record");
            assertFalse(h.holds(RecordIdentity.NONE), "a record without identity");
            deliver(h, batch("boot-b", 0, MEMORY), RecordAccounting.Outcome.NOTHING).get(20, TimeUnit.SECONDS);
        }
        try (HistoryRecorder h = recorder(db, 16)) {
            assertTrue(h.holds(new RecordIdentity("boot-b", 0)), "the mark follows the newest boot stored");
            assertFalse(h.holds(new RecordIdentity("boot-a", 7)), "an older boot's records are not looked up");
        }
    }

    @Test
    void aDiskThatIsBehindIsSaidAndCountedNeverStallsTheRecordPath() throws Exception {
        Path db = dir.resolve("ras-mc_event.db");
        HistoryDatabase.open(db).close();
        long stored;
        try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + db);
             HistoryRecorder h = recorder(db, 1)) {
            long seq = 1;
            try (Statement s = blocker.createStatement()) {
                s.execute("BEGIN EXCLUSIVE"); // the writer waits for the disk
            }
            deliver(h, batch("boot", seq++, MEMORY), RecordAccounting.Outcome.NOTHING); // the writer takes it and waits
            while (h.dropped() == 0) { // the queue (one record) fills; the next batch is not stored
                deliver(h, batch("boot", seq++, MEMORY), RecordAccounting.Outcome.NOTHING);
            }
            assertEquals(1, h.dropped());
            assertTrue(errors.get(0).matches("history .*ras-mc_event.db: the disk is behind \\(1 records waiting\\);"
                    + " records are not stored until it catches up"), errors.toString());
            blocker.createStatement().execute("COMMIT");
            await(() -> errors.size() == 2, "the writer catches up");
            assertTrue(errors.get(1).endsWith(": caught up; 1 records were not stored while the disk was behind"),
                    errors.toString());
            stored = seq - 1 - h.dropped();
        }
        assertEquals(String.valueOf(stored), one(db, "SELECT count(*) FROM mce_record"));
    }

    @Test
    void theQueueIsBoundedByTheRecordsWaitingNotByBatches() throws Exception {
        Path db = dir.resolve("ras-mc_event.db");
        HistoryDatabase.open(db).close();
        try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + db);
             HistoryRecorder h = recorder(db, 3)) {
            try (Statement s = blocker.createStatement()) {
                s.execute("BEGIN EXCLUSIVE"); // the writer waits for the disk
            }
            deliver(h, batch("boot", 1, MEMORY), RecordAccounting.Outcome.NOTHING);
            await(() -> h.written() == 0 && errors.isEmpty() && queueTaken(h), "the writer holds the first batch");
            deliver(h, batch("boot", 2, MEMORY, MEMORY, MEMORY, MEMORY, MEMORY), RecordAccounting.Outcome.NOTHING);
            assertEquals(0, h.dropped(), "an empty queue takes a batch larger than its bound");
            deliver(h, batch("boot", 7, MEMORY), RecordAccounting.Outcome.NOTHING);
            assertEquals(1, h.dropped(), "5 records wait: one more is over the bound of 3");
            CompletableFuture<Void> empty = h.batchEnds(); // a batch whose records were all applied before
            assertFalse(empty.isDone(), "an empty batch waits for the batches ahead of it, even over the bound");
            assertEquals(1, h.dropped());
            blocker.createStatement().execute("COMMIT");
            empty.get(20, TimeUnit.SECONDS);
        }
        assertEquals("6", one(db, "SELECT count(*) FROM mce_record"));
    }

    /** Whether the writer has taken what was queued (it then waits for the disk with it). */
    private static boolean queueTaken(HistoryRecorder h) {
        return h.waiting() == 0;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(10); // a real writer thread: wait for it, bounded
        }
    }

    private static String one(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next(), sql);
            return r.getString(1);
        }
    }
}
