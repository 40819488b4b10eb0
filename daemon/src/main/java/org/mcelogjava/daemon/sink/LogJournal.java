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
import org.mcelogjava.daemon.device.Batch;

/**
 * Makes the log hold each record exactly once across a {@code kill -9}. Before a held batch is
 * written, the journal notes which records it holds (the simulator's boot and their numbers) and
 * where the log ended. The simulator gives a batch back when its reader dies before acknowledging
 * it, so the daemon's next run may receive a batch it had already written in part or whole: the
 * journal recognises it (same boot, overlapping numbers), cuts the log back to where it ended
 * before that batch, and the batch is written again, once.
 *
 * <p>The note is one fixed-size {@code pwrite} at offset 0, so a kill leaves either the old or the
 * new note. Limits: a log renamed by logrotate between the note and the kill is not cut (its file
 * identity differs), so that batch may then appear in both files; lines other code wrote to the log
 * while the batch was written are cut with it.
 */
public final class LogJournal implements AutoCloseable {

    private static final int NOTE_BYTES = 256;
    private static final String MAGIC = "mcelog-java-journal 1";

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
     */
    record Note(String bootId, long first, long end, RecordLog.Checkpoint before) {

        String encode() {
            return MAGIC + " " + word(bootId) + " " + first + " " + end + " " + before.size() + " "
                    + word(before.fileKey());
        }

        static Optional<Note> decode(String text) {
            String[] f = text.strip().split(" ", 7);
            if (f.length != 7 || !(f[0] + " " + f[1]).equals(MAGIC)) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Note(unword(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                        new RecordLog.Checkpoint(unword(f[6]), Long.parseLong(f[5]))));
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
     * Call before writing a batch. A held batch that overlaps the one noted last is a redelivery:
     * the log is cut back to where it ended before that one. Then this batch is noted. A batch
     * that is not numbered (a plain read) is written as it comes.
     */
    public void begin(Batch batch) throws IOException {
        if (batch.numbering().isEmpty() || batch.count() == 0) {
            return;
        }
        Batch.Numbering n = batch.numbering().get();
        long end = n.firstSequence() + batch.count();
        if (last.isPresent() && last.get().overlaps(n.bootId(), n.firstSequence(), end)) {
            long cut = log.rollBack(last.get().before());
            if (cut > 0) {
                errors.accept("log: " + cut + " bytes of records " + last.get().first() + ".." + (last.get().end() - 1)
                        + " were written before the daemon stopped unacknowledged; writing them once more in their place");
            }
        }
        Note note = new Note(n.bootId(), n.firstSequence(), end, log.checkpoint());
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
