package org.mcelogjava.daemon.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.device.AppliedRecords;
import org.mcelogjava.daemon.device.Batch;

/** The journal that keeps a redelivered batch from being logged twice. */
class LogJournalTest {

    private static final String BOOT = "6f1c2d4e-0000-4000-8000-000000000001";

    @TempDir
    Path dir;
    private final List<String> errors = new ArrayList<>();

    private static Batch held(String boot, long first, int records) {
        return new Batch(new byte[records * 128], 128, false, Optional.of(new Batch.Numbering(boot, first)));
    }

    /** One daemon run: the journal and log as the daemon opens them, writing each batch's records. */
    private final class Run implements AutoCloseable {
        final RecordLog log;
        final LogJournal journal;

        Run() throws IOException {
            log = new RecordLog(dir.resolve("mcelog"), errors::add);
            journal = LogJournal.open(dir.resolve("mcelog.journal"), log, errors::add);
        }

        void write(Batch batch, int writtenBeforeCrash) throws IOException {
            journal.begin(batch);
            long first = batch.numbering().get().firstSequence();
            for (int i = 0; i < writtenBeforeCrash; i++) {
                log.append("record " + (first + i) + "\n");
            }
        }

        @Override
        public void close() throws IOException {
            journal.close();
            log.close();
        }
    }

    private String logText() throws IOException {
        return Files.readString(dir.resolve("mcelog"));
    }

    @Test
    void aBatchRedeliveredAfterACrashMidBatchAppearsOnce() throws IOException {
        try (Run first = new Run()) {
            first.write(held(BOOT, 0, 2), 2);
            first.write(held(BOOT, 2, 3), 1); // killed after one of three records
        }
        try (Run second = new Run()) {
            second.write(held(BOOT, 2, 3), 3);
        }
        assertEquals("record 0\nrecord 1\nrecord 2\nrecord 3\nrecord 4\n", logText());
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("records 2..4"), errors.get(0));
    }

    @Test
    void aBatchWrittenWholeButNotAcknowledgedIsNotDoubled() throws IOException {
        try (Run first = new Run()) {
            first.write(held(BOOT, 0, 2), 2); // written, killed before the ACK
        }
        try (Run second = new Run()) {
            second.write(held(BOOT, 0, 2), 2);
            second.write(held(BOOT, 2, 1), 1);
        }
        assertEquals("record 0\nrecord 1\nrecord 2\n", logText());
    }

    @Test
    void theNextBatchOrAnotherBootIsNotARedelivery() throws IOException {
        try (Run first = new Run()) {
            first.write(held(BOOT, 0, 2), 2);
        }
        try (Run second = new Run()) {
            second.write(held(BOOT, 2, 1), 1);
            second.write(held("another-boot", 0, 1), 1); // the simulator restarted: numbers start again
        }
        assertEquals("record 0\nrecord 1\nrecord 2\nrecord 0\n", logText());
        assertEquals(List.of(), errors);
    }

    @Test
    void withoutABootIdNothingIsCut() throws IOException {
        try (Run first = new Run()) {
            first.write(held("", 0, 2), 2);
        }
        try (Run second = new Run()) {
            second.write(held("", 0, 1), 1); // a restart or a redelivery: cannot tell, so keep what is logged
        }
        assertEquals("record 0\nrecord 1\nrecord 0\n", logText());
    }

    @Test
    void aRotatedLogIsNotCut() throws IOException {
        try (Run first = new Run()) {
            first.write(held(BOOT, 0, 2), 1);
        }
        Files.move(dir.resolve("mcelog"), dir.resolve("mcelog.1"));
        try (Run second = new Run()) {
            second.write(held(BOOT, 0, 2), 2);
        }
        assertEquals("record 0\n", Files.readString(dir.resolve("mcelog.1")));
        assertEquals("record 0\nrecord 1\n", logText());
    }

    @Test
    void aPlainBatchIsNotJournalled() throws IOException {
        try (Run run = new Run()) {
            run.journal.begin(new Batch(new byte[128], 128, false));
        }
        assertEquals("", Files.readString(dir.resolve("mcelog.journal")));
    }

    @Test
    void aDeviceFilesBatchNeverCutsTheLogEvenAfterAnUnfinishedSocketBatch() throws IOException {
        try (Run socket = new Run()) {
            socket.write(held(BOOT, 0, 2), 1); // killed mid-batch while reading the simulator's socket
        }
        try (Run file = new Run()) { // then run on /dev/mcelog: its reads clear, its batches carry no numbers
            Batch read = new Batch(new byte[128], 128, false);
            file.journal.begin(read);
            file.log.append("file record\n");
            file.journal.applied(read);
            assertEquals(0, file.journal.appliedRecords().next(), "the socket's mark stays where it was");
        }
        assertEquals("record 0\nfile record\n", logText(), "nothing read from the file is cut: nobody could give it back");
    }

    @Test
    void aJournalThatIsNotOursIsReportedAndIgnored() throws IOException {
        Files.writeString(dir.resolve("mcelog.journal"), "something else\n");
        try (Run run = new Run()) {
            run.write(held(BOOT, 0, 1), 1);
        }
        assertEquals("record 0\n", logText());
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("not a mcelog-java journal"), errors.get(0));
    }

    @Test
    void aBatchAppliedBeforeTheKillIsWhereTheNextRunStarts() throws IOException {
        try (Run first = new Run()) {
            Batch batch = held(BOOT, 0, 2);
            first.write(batch, 2);
            first.journal.applied(batch); // then killed before the ACK
        }
        try (Run second = new Run()) {
            AppliedRecords mark = second.journal.appliedRecords();
            assertEquals(BOOT, mark.bootId());
            assertEquals(2, mark.next(), "the redelivered records 0 and 1 are dropped before anyone sees them");
            assertTrue(Files.readString(dir.resolve("mcelog.journal")).startsWith(
                    "mcelog-java-journal 1 " + BOOT + " 0 2 0 "), "the note names the boot and the records");
            assertTrue(Files.readString(dir.resolve("mcelog.journal")).strip().endsWith(" applied"));
        }
        assertEquals("record 0\nrecord 1\n", logText());
        assertEquals(List.of(), errors);
    }

    @Test
    void aBatchKilledWhileBeingAppliedIsWhereTheNextRunStartsAgain() throws IOException {
        try (Run first = new Run()) {
            Batch done = held(BOOT, 0, 2);
            first.write(done, 2);
            first.journal.applied(done);
            first.write(held(BOOT, 2, 3), 1); // killed after one of three records
        }
        try (Run second = new Run()) {
            assertEquals(2, second.journal.appliedRecords().next(), "records 2..4 are handled once more");
            assertTrue(Files.readString(dir.resolve("mcelog.journal")).strip().endsWith(" begun"));
        }
    }

    @Test
    void aNoteWithoutItsStateIsABatchBegun() throws IOException {
        Files.writeString(dir.resolve("mcelog.journal"), "mcelog-java-journal 1 " + BOOT + " 4 6 0 -\n");
        try (Run run = new Run()) {
            assertEquals(4, run.journal.appliedRecords().next());
        }
        assertEquals(List.of(), errors);
    }
}
