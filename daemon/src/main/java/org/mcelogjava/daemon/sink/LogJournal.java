package org.mcelogjava.daemon.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Consumer;
import org.mcelogjava.daemon.device.AppliedRecords;
import org.mcelogjava.daemon.device.Batch;

/**
 * Makes the log hold each record exactly once across a {@code kill -9}, and carries the daemon's
 * mark of applied records ({@link AppliedRecords}) from one run to the next. Before a held batch is
 * written, the journal notes which records it holds (the simulator's boot and their numbers) and
 * where the log ended; once every step has applied the batch, and before the device hears so, the
 * note says "applied". The simulator gives a batch back when its reader dies before acknowledging
 * it, so the daemon's next run may receive a batch it had already handled in part or whole:
 * <ul>
 * <li>killed after the batch was applied, before its ACK: the next run starts with the note's mark,
 *     the device loop drops the redelivered records, and nothing (log, triggers, page offlining)
 *     happens to them again;</li>
 * <li>killed while the batch was being applied: the journal recognises the redelivery (same boot,
 *     overlapping numbers), cuts the log back to where it ended before that batch, and the batch is
 *     written again, once. The steps that act outside the daemon (triggers, page offlining) may then
 *     act again for the records handled before the kill; the in-memory ones (accounting, metrics,
 *     the stream's replay) start from zero with every run anyway.</li>
 * </ul>
 *
 * <p>The note is one fixed-size {@code pwrite} at offset 0, so a kill leaves either the old or the
 * new note. Limits: a log renamed by logrotate between the note and the kill is not cut (its file
 * identity differs), so that batch may then appear in both files; lines other code wrote to the log
 * while the batch was written are cut with it.
 */
public final class LogJournal implements AutoCloseable {

    private static final int NOTE_BYTES = 256;
    private static final String MAGIC = "mcelog-java-journal 1";
    private static final String APPLIED = "applied";
    private static final String BEGUN = "begun";

    private final FileChannel channel;
    private final RecordLog log;
    private final Consumer<String> errors;
    private Optional<Note> last;

    /**
     * What the journal says about the batch being written.
     *
     * @param bootId the simulator's boot_id
     * @param first  the batch's first record number
     * @param end    one past its last record number
     * @param before where the log ended before the batch
     * @param applied every step has applied the batch (only its ACK may be missing)
     */
    record Note(String bootId, long first, long end, RecordLog.Checkpoint before, boolean applied) {

        String encode() {
            return MAGIC + " " + word(bootId) + " " + first + " " + end + " " + before.size() + " "
                    + word(before.fileKey()) + " " + (applied ? APPLIED : BEGUN);
        }

        /** A note; one without its last word (written before "applied" existed) counts as begun. */
        static Optional<Note> decode(String text) {
            String[] f = text.strip().split(" ");
            if (f.length < 7 || f.length > 8 || !(f[0] + " " + f[1]).equals(MAGIC)
                    || (f.length == 8 && !f[7].equals(APPLIED) && !f[7].equals(BEGUN))) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Note(unword(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                        new RecordLog.Checkpoint(unword(f[6]), Long.parseLong(f[5])),
                        f.length == 8 && f[7].equals(APPLIED)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        /** A field as one non-empty word without blanks. */
        private static String word(String s) {
            return s.isEmpty() ? "-" : s.replace(' ', '_');
        }

        private static String unword(String s) {
            return s.equals("-") ? "" : s;
        }

        /** Same boot and overlapping numbers; never when the boot is unknown (numbers could be another boot's). */
        boolean overlaps(String boot, long from, long to) {
            return !bootId.isEmpty() && bootId.equals(boot) && from < end && to > first;
        }
    }

    private LogJournal(FileChannel channel, RecordLog log, Consumer<String> errors, Optional<Note> last) {
        this.channel = channel;
        this.log = log;
        this.errors = errors;
        this.last = last;
    }

    /**
     * Opens (creating if needed) the journal at {@code path} for {@code log}.
     *
     * @param errors where a cut-back and an unreadable journal are reported
     */
    public static LogJournal open(Path path, RecordLog log, Consumer<String> errors) throws IOException {
        Optional<Note> last = Optional.empty();
        try {
            String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                last = Note.decode(text);
                if (last.isEmpty()) {
                    errors.accept("journal " + path + " is not a mcelog-java journal; ignoring it");
                }
            }
        } catch (NoSuchFileException e) {
            // first run
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        return new LogJournal(ch, log, errors, last);
    }

    /**
     * Call before writing a batch. A held batch that overlaps the one noted last, and not noted
     * applied, is a redelivery of a batch the daemon was killed in: the log is cut back to where it ended before that one. Then this batch is noted. A batch
     * that is not numbered (a plain read) is written as it comes.
     */
    public void begin(Batch batch) throws IOException {
        if (batch.numbering().isEmpty() || batch.count() == 0) {
            return;
        }
        Batch.Numbering n = batch.numbering().get();
        long end = n.firstSequence() + batch.count();
        if (last.isPresent() && !last.get().applied() && last.get().overlaps(n.bootId(), n.firstSequence(), end)) {
            long cut = log.rollBack(last.get().before());
            if (cut > 0) {
                errors.accept("log: " + cut + " bytes of records " + last.get().first() + ".." + (last.get().end() - 1)
                        + " were written before the daemon stopped unacknowledged; writing them once more in their place");
            }
        }
        write(new Note(n.bootId(), n.firstSequence(), end, log.checkpoint(), false));
    }

    /**
     * Call once every step has applied the batch last {@linkplain #begin begun}, before it is
     * acknowledged: a run killed from now on starts past it ({@link #appliedRecords()}).
     */
    public void applied(Batch batch) throws IOException {
        if (last.isEmpty() || batch.numbering().isEmpty() || batch.count() == 0) {
            return;
        }
        Note n = last.get();
        if (n.bootId().equals(batch.numbering().get().bootId()) && n.first() == batch.numbering().get().firstSequence()) {
            write(new Note(n.bootId(), n.first(), n.end(), n.before(), true));
        }
    }

    /**
     * The records the previous run applied, for the device loop to start from: up to the end of a
     * batch noted applied; up to the start of one it was killed in (that one is written again).
     */
    public AppliedRecords appliedRecords() {
        return last.map(n -> AppliedRecords.below(n.bootId(), n.applied() ? n.end() : n.first()))
                .orElseGet(AppliedRecords::none);
    }

    private void write(Note note) throws IOException {
        byte[] text = note.encode().getBytes(StandardCharsets.UTF_8);
        if (text.length >= NOTE_BYTES) {
            throw new IOException("journal note too long: " + text.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate(NOTE_BYTES);
        buf.put(text);
        while (buf.hasRemaining()) {
            buf.put(buf.position() == NOTE_BYTES - 1 ? (byte) '\n' : (byte) ' ');
        }
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf, buf.position());
        }
        last = Optional.of(note);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
