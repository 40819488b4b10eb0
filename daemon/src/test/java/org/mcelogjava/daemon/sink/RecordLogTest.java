package org.mcelogjava.daemon.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.config.LogRolling;

class RecordLogTest {

    @TempDir
    Path dir;
    private final List<String> errors = new ArrayList<>();

    private static String record(int n) {
        return "Hardware event. This is not a software error.\nMCE " + n + "\nCPU 0 BANK 8 \n\n";
    }

    @Test
    void appendsRecordTextVerbatim() throws IOException {
        Path log = dir.resolve("mcelog");
        try (RecordLog records = new RecordLog(log, errors::add)) {
            records.append(record(0));
            records.append(record(1));
            assertEquals(record(0) + record(1), Files.readString(log), "visible before close: flushed per record");
        }
        assertEquals(List.of(), errors);
    }

    /**
     * The checkpoint the journal cuts back to is where the file really ends, whatever the text's
     * characters take in UTF-8 (DMI labels are the firmware's): one, two, three and four bytes, and
     * a lone surrogate, which the encoder writes as '?'.
     */
    @Test
    void theCheckpointIsTheFilesSizeForTextBeyondAscii() throws IOException {
        Path log = dir.resolve("mcelog");
        try (RecordLog records = new RecordLog(log, errors::add)) {
            for (String text : List.of(record(0), "DIMM \u00b5-slot caf\u00e9\n", "\u6d4b\u8bd5 \u20ac\n",
                    "\ud83d\ude00 emoji\n", "lone \ud800 surrogate \udc00\n", "end \ud83d\n")) {
                records.append(text);
                assertEquals(Files.size(log), records.checkpoint().size(), text);
            }
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void appendsToAnExistingLog() throws IOException {
        Path log = dir.resolve("mcelog");
        Files.writeString(log, "earlier\n");
        try (RecordLog records = new RecordLog(log, errors::add)) {
            records.append(record(0));
        }
        assertEquals("earlier\n" + record(0), Files.readString(log));
    }

    @Test
    void reopenAfterRenameStartsAFreshFileAndLosesNothing() throws IOException {
        Path log = dir.resolve("mcelog");
        try (RecordLog records = new RecordLog(log, errors::add)) {
            records.append(record(0));
            Files.move(log, dir.resolve("mcelog.1"));
            records.append(record(1)); // still the renamed file, as with any open file
            records.reopen();
            records.append(record(2));
        }
        assertEquals(record(0) + record(1), Files.readString(dir.resolve("mcelog.1")));
        assertEquals(record(2), Files.readString(log));
    }

    @Test
    void recordsThatCannotBeWrittenAreKeptInOrderAndWrittenOnceSpaceReturns() throws IOException {
        Path log = dir.resolve("mcelog");
        Files.createSymbolicLink(log, Path.of("/dev/full")); // every write fails with ENOSPC
        long[] now = {0};
        try (RecordLog records = new RecordLog(log, LogRolling.NONE, errors::add, () -> now[0], System::currentTimeMillis)) {
            records.append(record(0));
            records.append(record(1)); // queued without a new attempt: within the retry interval
            now[0] += RecordLog.RETRY_INTERVAL_NANOS;
            records.append(record(2)); // a retry, failing again
            assertEquals(3, records.unwrittenCount());
            assertEquals(1, errors.size(), "the failure is reported once: " + errors);
            assertTrue(errors.get(0).startsWith("cannot write log " + log), errors.get(0));

            Files.delete(log); // space returns: the path is a regular file again
            records.reopen();
            assertEquals(0, records.unwrittenCount());
            records.append(record(3));
        }
        assertEquals(record(0) + record(1) + record(2) + record(3), Files.readString(log));
        assertEquals(2, errors.size());
        assertTrue(errors.get(1).contains("writable again"), errors.get(1));
    }

    @Test
    void aTimedRetryWritesKeptRecordsWithoutANewRecordButNotBeforeTheInterval() throws IOException {
        Path log = dir.resolve("mcelog");
        Files.createSymbolicLink(log, Path.of("/dev/full"));
        long[] now = {0};
        try (RecordLog records = new RecordLog(log, LogRolling.NONE, errors::add, () -> now[0], System::currentTimeMillis)) {
            records.append(record(0));
            Files.delete(log);
            Files.createFile(log); // space returns, at the same path
            records.retry();
            assertEquals(1, records.unwrittenCount(), "within the interval: no new attempt");
            now[0] += RecordLog.RETRY_INTERVAL_NANOS;
            records.retry();
            assertEquals(0, records.unwrittenCount());
        }
        assertEquals(record(0), Files.readString(log));
    }

    @Test
    void aLogPathThatCannotBeOpenedNamesThePathAndTheReason() throws IOException {
        Path log = Files.createDirectory(dir.resolve("mcelog"));
        IOException e = assertThrows(IOException.class, () -> new RecordLog(log, errors::add));
        assertEquals("cannot open log file " + log + ": Is a directory", e.getMessage());
    }

    @Test
    void aMissingDirectoryIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> new RecordLog(dir.resolve("no/such/mcelog"), errors::add));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
    /** The log's rolled files in age order (oldest first), then the log itself, concatenated. */
    private String sizeRolledContents(Path log, int keep) throws IOException {
        StringBuilder all = new StringBuilder();
        for (int i = keep; i >= 1; i--) {
            Path rolled = dir.resolve(log.getFileName() + "." + i);
            if (Files.exists(rolled)) {
                all.append(Files.readString(rolled));
            }
        }
        return all.append(Files.readString(log)).toString();
    }

    /** The journal's cut at a restart (LogJournal) comes after the log is open, for a rolled log too. */
    @Test
    void afterACutTheCheckpointsAreTheFilesSizeAgainForEitherKindOfLog() throws IOException {
        for (LogRolling rolling : List.of(LogRolling.NONE, new LogRolling(1 << 20, Optional.empty(), 2))) {
            Path log = dir.resolve("cut-" + rolling.enabled());
            try (RecordLog records = new RecordLog(log, rolling, errors::add)) {
                records.append(record(0));
                RecordLog.Checkpoint before = records.checkpoint();
                records.append(record(1));
                assertEquals(record(1).length(), records.rollBack(before));
                records.append(record(2));
                assertEquals(Files.size(log), records.checkpoint().size(), "rolling " + rolling.enabled());
            }
            assertEquals(record(0) + record(2), Files.readString(log));
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void rollingBySizeKeepsWholeRecordsInOrderAndEachOnce() throws IOException {
        Path log = dir.resolve("mcelog");
        long recordBytes = record(0).length();
        StringBuilder expected = new StringBuilder();
        try (RecordLog records = new RecordLog(log, new LogRolling(3 * recordBytes + 5, Optional.empty(), 20),
                errors::add)) {
            for (int i = 0; i < 20; i++) {
                records.append(record(i));
                expected.append(record(i));
            }
        }
        assertEquals(expected.toString(), sizeRolledContents(log, 20));
        for (int i = 1; i <= 4; i++) {
            Path rolled = dir.resolve("mcelog." + i);
            assertTrue(Files.size(rolled) <= 4 * recordBytes + 5, rolled + " over the limit and one record");
            assertTrue(Files.readString(rolled).matches("(Hardware event\\. This is not a software error\\.\nMCE \\d+\nCPU 0 BANK 8 \n\n)+"),
                    rolled + " holds whole records only");
        }
        assertFalse(Files.exists(dir.resolve("mcelog.5")), "20 records of which 4 fit a file: 4 rolled files");
        assertEquals(List.of(), errors);
    }

    @Test
    void rollingBySizeKeepsOnlyTheNewestRolledFiles() throws IOException {
        Path log = dir.resolve("mcelog");
        try (RecordLog records = new RecordLog(log, new LogRolling(record(0).length() - 1, Optional.empty(), 2),
                errors::add)) {
            for (int i = 0; i < 6; i++) {
                records.append(record(i));
            }
        }
        assertEquals(record(3), Files.readString(dir.resolve("mcelog.2")));
        assertEquals(record(4), Files.readString(dir.resolve("mcelog.1")));
        assertEquals(record(5), Files.readString(log));
        assertFalse(Files.exists(dir.resolve("mcelog.3")));
    }

    @Test
    void dailyRollingStartsANewFileForTheFirstRecordOfADayAndDropsTheOldestDatedFiles() throws IOException {
        Path log = dir.resolve("mcelog");
        Files.writeString(dir.resolve("mcelog-20200101"), "old\n");
        Files.setLastModifiedTime(dir.resolve("mcelog-20200101"), FileTime.from(Instant.now().minus(Duration.ofDays(900))));
        Files.writeString(dir.resolve("mcelog.journal"), "journal\n");
        long today = System.currentTimeMillis();
        long[] wall = {today};
        try (RecordLog records = new RecordLog(log, new LogRolling(0, Optional.of(LogRolling.Period.DAILY), 1),
                errors::add, System::nanoTime, () -> wall[0])) {
            records.append(record(0));
            RecordLog.Checkpoint before = records.checkpoint();
            wall[0] += Duration.ofDays(1).toMillis();
            records.append(record(1));
            assertNotEquals(before.fileKey(), records.checkpoint().fileKey(), "the roll is noticed");
            assertEquals(record(1).length(), records.checkpoint().size());
            assertEquals(0, records.rollBack(before), "a checkpoint of the rolled file cuts nothing");
        }
        String date = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneId.systemDefault())
                .format(Instant.ofEpochMilli(today));
        assertEquals(record(0), Files.readString(dir.resolve("mcelog-" + date)));
        assertEquals(record(1), Files.readString(log));
        assertFalse(Files.exists(dir.resolve("mcelog-20200101")), "beyond keep = 1");
        assertEquals("journal\n", Files.readString(dir.resolve("mcelog.journal")), "never the journal");
        assertEquals(List.of(), errors);
    }
}
