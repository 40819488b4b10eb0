package org.mcelogjava.daemon.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.decode.RecordIdentity;

/** The history's spool file: its frames read back as written, its limit, its emptying, and a cut tail. */
class HistorySpoolTest {

    @TempDir
    Path dir;

    private final List<String> errors = new ArrayList<>();

    /** Record {@code seq}: every kind of value, a null string, non-ASCII text, events, an offline row, thresholds. */
    private static HistoryRecord record(long seq) {
        HistoryRecord.MceRow mce = new HistoryRecord.MceRow("2026-12-05 21:00:00 +0000", -1L, 5, 0x9c00000000000090L,
                0x12345678L, 0x8c, 0, Long.MIN_VALUE, 1_800_000_000L + seq, 3, 0x50654, 32, 1, 16, 13, 0, "BANK 13",
                "MEMORY CONTROLLER RD_CHANNEL0_ERR Transaction: Memory read error", "", "Corrected_error Error_enabled",
                null, "SOCKET:1 CHANNEL:0 DIMM:0 \u00b5", 0x12345000L, seq % 2 == 1);
        List<HistoryRecord.McEventRow> memory = List.of(new HistoryRecord.McEventRow("2026-12-05 21:00:00 +0000", 1,
                "Corrected", "memory read error", "CPU1_DIMM_A1", 1, 0, -1, -1, 0x12345678L, 64, 0, "", 1_800_000_000L,
                0x12345000L));
        return new HistoryRecord(seq < 0 ? RecordIdentity.NONE : new RecordIdentity("boot-\u00e9", seq), mce,
                seq == 2 ? List.of() : memory,
                seq == 1 ? Optional.of(new HistoryRecord.PageOfflineRow("2026-12-05 21:00:00 +0000", "0x12345",
                        "unknown page", "Recovered", 1_800_000_000L)) : Optional.empty(),
                seq == 1 ? List.of("Corrected memory errors on page 12345000 exceed threshold", "second") : List.of());
    }

    private HistorySpool open(long limit, long stored) throws Exception {
        return HistorySpool.open(dir.resolve("h.db.spool"), limit, stored, errors::add);
    }

    @Test
    void recordsAreReadBackAsTheyWereAppendedAcrossReopening() throws Exception {
        List<HistoryRecord> written = List.of(record(-1), record(0), record(1), record(2));
        try (HistorySpool spool = open(1 << 20, 0)) {
            assertTrue(spool.append(written.subList(0, 2)));
            assertTrue(spool.append(written.subList(2, 4)));
            HistorySpool.Chunk chunk = spool.read(0, spool.size());
            assertEquals(written, chunk.records());
            assertEquals(spool.size(), chunk.end());
        }
        try (HistorySpool spool = open(1 << 20, 0)) {
            assertEquals(written, spool.read(0, spool.size()).records());
            List<RecordIdentity> ids = new ArrayList<>();
            spool.identities(0, ids::add);
            assertEquals(written.stream().map(HistoryRecord::identity).toList(), ids);
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void readingStartsWhereTheDatabaseSaysItsRecordsEndWhenThatIsARecordsStart() throws Exception {
        long afterOne;
        try (HistorySpool spool = open(1 << 20, 0)) {
            spool.append(List.of(record(0)));
            afterOne = spool.size();
            spool.append(List.of(record(1)));
        }
        try (HistorySpool spool = open(1 << 20, afterOne)) {
            assertEquals(afterOne, spool.start());
            assertEquals(List.of(record(1)), spool.read(spool.start(), spool.size()).records());
        }
        try (HistorySpool spool = open(1 << 20, afterOne - 1)) {
            assertEquals(0, spool.start(), "a note that is no record's start: everything again (identities dedupe)");
        }
        try (HistorySpool spool = open(1 << 20, 1 << 30)) {
            assertEquals(0, spool.start(), "a note past the end: the spool was emptied before the note was");
        }
    }

    @Test
    void aFullSpoolRefusesABatchButAnEmptyOneTakesABatchOfAnySize() throws Exception {
        try (HistorySpool spool = open(1_000, 0)) {
            assertTrue(spool.append(List.of(record(0), record(1), record(2))), "empty: takes more than its limit");
            long size = spool.size();
            assertFalse(spool.append(List.of(record(3))));
            assertEquals(size, spool.size());
        }
    }

    @Test
    void theWriterEmptiesItOnceItHasStoredAllOfItAndTheDatabaseNotesIt() throws Exception {
        AtomicInteger notes = new AtomicInteger();
        try (HistorySpool spool = open(8_000, 0)) { // emptied from half its limit on
            spool.append(List.of(record(0)));
            long one = spool.size();
            assertTrue(one < 1_000, "a record's frame is much smaller than half the limit: " + one);
            assertFalse(spool.emptyIfAt(one, notes::incrementAndGet), "below the size at which it is emptied");
            while (spool.size() < 4_000) {
                assertTrue(spool.append(List.of(record(1))), "below the limit at " + spool.size());
            }
            assertFalse(spool.emptyIfAt(one, notes::incrementAndGet), "records not stored yet");
            assertTrue(spool.emptyIfAt(spool.size(), notes::incrementAndGet));
            assertEquals(0, spool.size());
            assertEquals(1, notes.get());
            assertEquals(0, Files.size(dir.resolve("h.db.spool")));
            spool.append(List.of(record(2)));
            assertEquals(List.of(record(2)), spool.read(0, spool.size()).records());
        }
    }

    @Test
    void aTailThatIsNotAWholeRecordIsCutOffAndSaid() throws Exception {
        long whole;
        try (HistorySpool spool = open(1 << 20, 0)) {
            spool.append(List.of(record(0), record(1)));
            whole = spool.size();
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("h.db.spool"));
        bytes[bytes.length - 1] ^= 1; // the second record's last byte: its CRC no longer matches
        Files.write(dir.resolve("h.db.spool"), bytes);
        try (HistorySpool spool = open(1 << 20, 0)) {
            assertEquals(List.of(record(0)), spool.read(0, spool.size()).records());
            assertTrue(spool.size() < whole);
        }
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).matches("history spool .*h.db.spool: its last \\d+ bytes are not a whole record"
                + " \\(a write cut short\\); cut off"), errors.toString());
    }

    @Test
    void anUnopenableSpoolNamesItselfAndTheReason() {
        Path missing = dir.resolve("no-such-dir/h.db.spool");
        Exception e = assertThrows(IOException.class,
                () -> HistorySpool.open(missing, 1 << 20, 0, errors::add));
        assertEquals("cannot open the history's spool " + missing + ": No such file or directory", e.getMessage());
    }
}
