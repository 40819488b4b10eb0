package org.mcelogjava.daemon.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

/**
 * The history sink against a real SQLite file and spool: rasdaemon's rows, once per record identity; a
 * database that refuses, a full spool and a killed daemon's spool.
 */
class HistoryRecorderTest {

    /** The spool's limit where it is not under test: far beyond what a test spools. */
    private static final long LIMIT = 64L << 20;

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

    private HistoryRecorder recorder(Path db, long spoolLimit) throws SQLException, IOException {
        return HistoryRecorder.open(db, spoolLimit, new HistoryRecords(ZoneOffset.UTC), errors::add);
    }

    private static Batch batch(String boot, long first, Mce... records) {
        byte[] data = new byte[records.length * MceLayout.SIZE];
        for (int i = 0; i < records.length; i++) {
            MceCodec.encode(records[i], data, i * MceLayout.SIZE, MceLayout.SIZE);
        }
        return new Batch(data, MceLayout.SIZE, false, Optional.of(new Batch.Numbering(boot, first)));
    }

    /** A batch through the sink as the record path hands it over; {@code outcome} is the first record's. */
    private static void deliver(HistoryRecorder h, Batch batch, RecordAccounting.Outcome outcome) {
        for (int i = 0; i < batch.count(); i++) {
            DecodedMce d = DECODER.decode(batch.record(i), batch.recordLength(), batch.identity(i));
            h.record(d, i == 0 ? outcome : RecordAccounting.Outcome.NOTHING);
        }
        assertTrue(h.batchEnds().toCompletableFuture().isDone(), "spooled when batchEnds returns");
    }

    @Test
    void storesRasdaemonsRowsOncePerRecordIdentityAcrossReopening() throws Exception {
        Path db = dir.resolve("ras-mc_event.db");
        Batch first = batch("boot-a", 7, MEMORY, CACHE);
        RecordAccounting.Outcome offlined = new RecordAccounting.Outcome(List.of(
                new AccountingEvent.ThresholdCrossed("Corrected memory errors on page 12345000 exceed threshold", true),
                new AccountingEvent.OfflinePage(0x12345000L, List.of(PageOffliner.Kind.SOFT))), true);
        try (HistoryRecorder h = recorder(db, LIMIT)) {
            deliver(h, first, offlined);
            deliver(h, first, offlined); // redelivered after a reconnect
        }
        try (HistoryRecorder h = recorder(db, LIMIT)) {
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
    void aSpooledBatchIsHeldAndTheMarkSurvivesReopening() throws Exception {
        Path db = dir.resolve("ras-mc_event.db");
        try (HistoryRecorder h = recorder(db, LIMIT)) {
            assertFalse(h.holds(new RecordIdentity("boot-a", 0)), "an empty history holds nothing");
            deliver(h, batch("boot-a", 7, MEMORY, CACHE), RecordAccounting.Outcome.NOTHING);
            assertTrue(h.holds(new RecordIdentity("boot-a", 8)), "held once spooled");
            await(() -> h.written() == 2, "the writer stores the spooled batch");
            assertEquals("2", one(db, "SELECT count(*) FROM mce_record"));
        }
        try (HistoryRecorder h = recorder(db, LIMIT)) {
            assertTrue(h.holds(new RecordIdentity("boot-a", 8)));
            assertFalse(h.holds(new RecordIdentity("boot-a", 9)), "the next record of the boot");
            assertFalse(h.holds(new RecordIdentity("boot-b", 0)), "another boot's record");
            assertFalse(h.holds(RecordIdentity.NONE), "a record without identity");
            deliver(h, batch("boot-b", 0, MEMORY), RecordAccounting.Outcome.NOTHING);
        }
        try (HistoryRecorder h = recorder(db, LIMIT)) {
            assertTrue(h.holds(new RecordIdentity("boot-b", 0)), "the mark follows the newest boot stored");
            assertFalse(h.holds(new RecordIdentity("boot-a", 7)), "an older boot's records are not looked up");
        }
    }

    @Test
    void aDatabaseThatRefusesHoldsNothingUpTheRecordsWaitInTheSpoolAndAreStoredOnce() throws Exception {
        Path db = dir.resolve("ras-mc_event.db");
        HistoryDatabase.open(db).close();
        try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + db);
             HistoryRecorder h = recorder(db, LIMIT)) {
            try (Statement s = blocker.createStatement()) {
                s.execute("BEGIN EXCLUSIVE"); // another program holds the database: the writer cannot store
            }
            for (int seq = 0; seq < 200; seq++) {
                deliver(h, batch("boot", seq, MEMORY), RecordAccounting.Outcome.NOTHING);
            }
            assertEquals(0, h.dropped());
            await(() -> !errors.isEmpty(), "the writer says it cannot store (after SQLite's busy timeout)");
            assertTrue(errors.get(0).matches("history .*ras-mc_event.db: cannot store \\d+ records: .*; trying again"
                    + " every second, they wait in .*ras-mc_event.db.spool.N"), errors.toString());
            blocker.createStatement().execute("COMMIT");
            await(() -> h.written() == 200, "the writer stores them all once the database takes them");
            await(() -> errors.size() == 2, "the writer says it stores again");
            assertTrue(errors.get(1).endsWith("ras-mc_event.db: storing again"), errors.toString());
        }
        assertEquals("200", one(db, "SELECT count(*) FROM mce_record"));
        assertEquals("0|199", one(db, "SELECT min(seq) || '|' || max(seq) FROM mce_record"));
    }

    @Test
    void aFullSpoolIsSaidAndCountedNeverStallsTheRecordPath() throws Exception {
        Path db = dir.resolve("ras-mc_event.db");
        HistoryDatabase.open(db).close();
        long stored;
        try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + db);
             HistoryRecorder h = recorder(db, 4_000)) { // a few records' frames
            try (Statement s = blocker.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
            }
            long seq = 0;
            while (h.dropped() == 0) {
                deliver(h, batch("boot", seq++, MEMORY), RecordAccounting.Outcome.NOTHING);
            }
            assertEquals(1, h.dropped());
            assertTrue(errors.stream().anyMatch(e -> e.matches("history .*ras-mc_event.db: the disk is behind \\(\\d+"
                    + " bytes wait in .*ras-mc_event.db.spool.N\\); records are not stored until it catches up")),
                    errors.toString());
            blocker.createStatement().execute("COMMIT");
            long spooled = seq - 1;
            await(() -> h.written() == spooled, "the writer catches up");
            await(() -> errors.stream().anyMatch(e -> e.endsWith(": caught up; 1 records were not stored while the"
                    + " disk was behind")), "the writer says what was not stored");
            stored = spooled;
        }
        assertEquals(String.valueOf(stored), one(db, "SELECT count(*) FROM mce_record"));
    }

    @Test
    void aSpoolThatCannotBeWrittenIsSaidAndCountedAndTheRecordPathGoesOn() throws Exception {
        Path db = dir.resolve("ras-mc_event.db");
        Path segment = dir.resolve("ras-mc_event.db.spool.1");
        Files.createSymbolicLink(segment, Path.of("/dev/full")); // every write: ENOSPC
        try (HistoryRecorder h = recorder(db, LIMIT)) {
            deliver(h, batch("boot", 0, MEMORY, MEMORY), RecordAccounting.Outcome.NOTHING);
            deliver(h, batch("boot", 2, MEMORY), RecordAccounting.Outcome.NOTHING);
            assertEquals(3, h.dropped());
        }
        assertEquals(List.of("history " + db + ": cannot spool 2 records: " + segment
                + ": No space left on device; they are not stored", "history " + db + ": cannot spool 1 records: "
                + segment + ": No space left on device; they are not stored"), errors);
        assertEquals("0", one(db, "SELECT count(*) FROM mce_record"));
        Files.delete(segment); // the link, before JUnit's clean-up warns about one leading out of its directory
    }

    @Test
    void whatAKilledDaemonSpooledIsStoredAtTheNextStartOnceAndATornTailIsCutOff() throws Exception {
        Path db = dir.resolve("ras-mc_event.db");
        Path spoolFile = dir.resolve("ras-mc_event.db.spool.1");
        try (HistoryRecorder h = recorder(db, LIMIT)) {
            deliver(h, batch("boot", 0, MEMORY, MEMORY), RecordAccounting.Outcome.NOTHING);
            await(() -> h.written() == 2, "the first records stored");
        }
        // a daemon killed after spooling records 2..4 and while writing record 5: the spool as it left it
        try (HistorySpool spool = HistorySpool.open(dir.resolve("ras-mc_event.db.spool"), LIMIT, SpoolPosition.NONE,
                errors::add, id -> { })) {
            HistoryRecords rows = new HistoryRecords(ZoneOffset.UTC);
            Batch b = batch("boot", 2, MEMORY, MEMORY, MEMORY);
            List<HistoryRecord> records = new ArrayList<>();
            for (int i = 0; i < b.count(); i++) {
                records.add(rows.of(DECODER.decode(b.record(i), b.recordLength(), b.identity(i)),
                        RecordAccounting.Outcome.NOTHING));
            }
            assertTrue(spool.append(records));
        }
        long whole = Files.size(spoolFile);
        Files.write(spoolFile, new byte[] {0, 0, 2, 0, 1, 2, 3}, StandardOpenOption.APPEND);
        try (HistoryRecorder h = recorder(db, LIMIT)) {
            assertTrue(h.holds(new RecordIdentity("boot", 4)), "the spool's records are held: not taken again");
            await(() -> h.written() == 3, "the spooled records stored");
        }
        assertEquals("history spool " + spoolFile + ": its last 7 bytes are not a whole record (a write cut short);"
                + " cut off", errors.get(0));
        assertEquals(whole, Files.size(spoolFile));
        assertEquals("0,1,2,3,4", one(db, "SELECT group_concat(seq, ',') FROM (SELECT seq FROM mce_record ORDER BY seq)"));
        assertEquals(String.valueOf(whole), one(db, "SELECT position FROM mcelog_spool"),
                "the database noted where its records end in the spool: the next start reads from there");
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
