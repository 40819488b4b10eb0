package org.mcelogjava.daemon.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        try (RecordLog records = new RecordLog(log, errors::add, () -> now[0])) {
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
        try (RecordLog records = new RecordLog(log, errors::add, () -> now[0])) {
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
    void aMissingDirectoryIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> new RecordLog(dir.resolve("no/such/mcelog"), errors::add));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
