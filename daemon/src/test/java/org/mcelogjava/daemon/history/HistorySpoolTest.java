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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.decode.RecordIdentity;

/** The history's spool: its frames read back as written, where reading starts, its limit, its segments, and a cut tail. */
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

    /** The identities the last {@link #open} reported as waiting. */
    private final List<RecordIdentity> waiting = new ArrayList<>();

    private HistorySpool open(long limit, SpoolPosition stored) throws Exception {
        waiting.clear();
        return HistorySpool.open(dir.resolve("h.db.spool"), limit, stored, errors::add, waiting::add);
    }

    private Path segment(long n) {
        return dir.resolve("h.db.spool." + n);
    }

    /** Everything the writer gets from {@code from} until the spool has no more, chunk by chunk. */
    private static List<HistorySpool.Chunk> drain(HistorySpool spool, SpoolPosition from) throws Exception {
        List<HistorySpool.Chunk> chunks = new ArrayList<>();
        SpoolPosition at = from;
        spool.wake(); // no waiting for more: what is there, then empty
        for (Optional<HistorySpool.Chunk> c = spool.next(at); c.isPresent(); c = spool.next(at)) {
            chunks.add(c.get());
            spool.stored(c.get());
            at = c.get().end();
        }
        return chunks;
    }

    private static List<HistoryRecord> records(List<HistorySpool.Chunk> chunks) {
        return chunks.stream().flatMap(c -> c.records().stream()).toList();
    }

    @Test
    void recordsAreReadBackAsTheyWereAppendedAcrossReopening() throws Exception {
        List<HistoryRecord> written = List.of(record(-1), record(0), record(1), record(2));
        try (HistorySpool spool = open(1 << 20, SpoolPosition.NONE)) {
            assertEquals(new SpoolPosition(1, 0), spool.start());
            assertTrue(spool.append(written.subList(0, 2)));
            assertTrue(spool.append(written.subList(2, 4)));
            assertEquals(Files.size(segment(1)), spool.waiting());
        }
        try (HistorySpool spool = open(1 << 20, SpoolPosition.NONE)) {
            assertEquals(written.stream().map(HistoryRecord::identity).toList(), waiting);
            List<HistorySpool.Chunk> chunks = drain(spool, spool.start());
            assertEquals(written, records(chunks));
            assertEquals(new SpoolPosition(1, Files.size(segment(1))), chunks.get(chunks.size() - 1).end());
            assertEquals(0, spool.waiting());
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void readingStartsWhereTheDatabaseSaysItsRecordsEndWhenThatIsARecordsStart() throws Exception {
        long afterOne;
        try (HistorySpool spool = open(1 << 20, SpoolPosition.NONE)) {
            spool.append(List.of(record(0)));
            afterOne = Files.size(segment(1));
            spool.append(List.of(record(1)));
        }
        try (HistorySpool spool = open(1 << 20, new SpoolPosition(1, afterOne))) {
            assertEquals(new SpoolPosition(1, afterOne), spool.start());
            assertEquals(List.of(record(1).identity()), waiting, "only the records after the note wait");
            assertEquals(Files.size(segment(1)) - afterOne, spool.waiting(), "and only their bytes count");
            assertEquals(List.of(record(1)), records(drain(spool, spool.start())));
        }
        try (HistorySpool spool = open(1 << 20, new SpoolPosition(1, afterOne - 1))) {
            assertEquals(new SpoolPosition(1, 0), spool.start(),
                    "a note that is no record's start: the segment again (identities dedupe)");
            assertEquals(List.of(record(0).identity(), record(1).identity()), waiting);
        }
        try (HistorySpool spool = open(1 << 20, new SpoolPosition(7, 12))) {
            assertEquals(new SpoolPosition(8, 0), spool.start(), "segments before the note are stored: deleted");
            assertFalse(Files.exists(segment(1)));
            spool.append(List.of(record(2)));
            assertTrue(Files.exists(segment(8)), "new records go after the noted segment, never into its number");
        }
    }

    @Test
    void aFullSpoolRefusesABatchButAnEmptyOneTakesABatchOfAnySize() throws Exception {
        try (HistorySpool spool = open(1_000, SpoolPosition.NONE)) {
            assertTrue(spool.append(List.of(record(0), record(1), record(2))), "empty: takes more than its limit");
            long waiting = spool.waiting();
            assertFalse(spool.append(List.of(record(3))));
            assertEquals(waiting, spool.waiting());
            drain(spool, spool.start());
            assertEquals(0, spool.waiting());
        }
    }

    @Test
    void aLongBurstGoesIntoSegmentsThatTheWriterDeletesOnceStoredSoTheDiskHoldsWhatWaits() throws Exception {
        try (HistorySpool spool = open(64L << 20, SpoolPosition.NONE)) {
            List<HistoryRecord> batch = List.of(record(0), record(1), record(2), record(0), record(1), record(2));
            int batches = 0;
            while (!Files.exists(segment(4))) {
                assertTrue(spool.append(batch));
                batches++;
            }
            assertTrue(Files.size(segment(1)) >= HistorySpool.SEGMENT_BYTES, "a segment is full before the next");
            List<HistorySpool.Chunk> chunks = drain(spool, spool.start());
            assertEquals(batches * batch.size(), records(chunks).size());
            assertFalse(Files.exists(segment(1)) || Files.exists(segment(2)) || Files.exists(segment(3)),
                    "the segments stored to their end are deleted");
            assertTrue(Files.exists(segment(4)), "the one being written stays");
            assertEquals(4, chunks.get(chunks.size() - 1).end().segment());
        }
    }

    @Test
    void aTailThatIsNotAWholeRecordIsCutOffAndSaid() throws Exception {
        long whole;
        try (HistorySpool spool = open(1 << 20, SpoolPosition.NONE)) {
            spool.append(List.of(record(0), record(1)));
            whole = Files.size(segment(1));
        }
        byte[] bytes = Files.readAllBytes(segment(1));
        bytes[bytes.length - 1] ^= 1; // the second record's last byte: its CRC no longer matches
        Files.write(segment(1), bytes);
        try (HistorySpool spool = open(1 << 20, SpoolPosition.NONE)) {
            assertEquals(List.of(record(0)), records(drain(spool, spool.start())));
            assertTrue(Files.size(segment(1)) < whole);
        }
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).matches("history spool .*h.db.spool.1: its last \\d+ bytes are not a whole record"
                + " \\(a write cut short\\); cut off"), errors.toString());
    }

    @Test
    void anUnopenableSpoolNamesItselfAndTheReason() {
        Path missing = dir.resolve("no-such-dir/h.db.spool");
        Exception e = assertThrows(IOException.class,
                () -> HistorySpool.open(missing, 1 << 20, SpoolPosition.NONE, errors::add, id -> { }));
        assertEquals("cannot list the history's spool " + missing + ".N in " + missing.getParent()
                + ": No such file or directory", e.getMessage());
    }
}
