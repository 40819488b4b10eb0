package org.mcelogjava.daemon.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.daemon.bytes.RecordBytes;
import org.mcelogjava.daemon.decode.RecordIdentity;

/**
 * The history's spool ({@code <database>.spool}): records on their way to the database, appended by
 * the record path in one write per batch and read back by the writer thread, which stores them in
 * large transactions. A record in the spool survives a {@code kill -9} (it is in the page cache, as
 * the log file's lines are), so the daemon acknowledges a batch to the device once it is spooled,
 * and the next start stores what the last one had not. Each record is a frame: its length and the
 * CRC-32C of its bytes ({@link SpoolCodec}), so a write cut short at the end is found and cut off
 * at the next start. The file is emptied whenever the writer has stored all of it and it has grown
 * past {@link #EMPTY_AT} bytes (or half its limit); the database notes, in the transaction that
 * stores them, where the stored records end ({@link HistoryDatabase#spoolPosition}).
 *
 * <p>Thread use: {@link #append} from the record path; {@link #read}, {@link #awaitBeyond} and
 * {@link #emptyIfAt} from the writer thread.
 */
public final class HistorySpool implements AutoCloseable {

    /** What the spool may grow to before the writer empties it, once it has stored it all. */
    static final long EMPTY_AT = 1 << 20;
    private static final int HEADER = 2 * Integer.BYTES;
    /**
     * Bytes the writer reads, and stores in one transaction, at a time: about 200 records (a frame is
     * about 600 bytes). Larger reads gave no more records per second and a larger peak RSS (2 MiB:
     * 146 MiB with the 1,024-slot log; 128 KiB: 127 MiB; BENCHMARKS.md).
     */
    private static final int READ_BYTES = 128 << 10;
    /** Larger than any frame this daemon writes: a length beyond it is not a frame. */
    private static final int FRAME_MAX = 16 << 20;

    /** Records read from the spool, and where the frame after the last one starts. */
    public record Chunk(List<HistoryRecord> records, long end) {
    }

    /** The database's part of emptying the spool: noting that the stored records now end at 0. */
    @FunctionalInterface
    public interface Emptied {
        void run() throws SQLException;
    }

    private final Path path;
    private final FileChannel channel;
    private final long limit;
    private final long emptyAt;
    private final long start;
    private final Object lock = new Object();
    /** The batch being appended, as frames; the record path's only. */
    private final RecordBytes frames = new RecordBytes(64 << 10);
    /** Bytes of whole frames in the file; guarded by {@link #lock}. */
    private long appended;
    private boolean closing;

    private HistorySpool(Path path, FileChannel channel, long limit, long appended, long start) {
        this.path = path;
        this.channel = channel;
        this.limit = limit;
        this.emptyAt = Math.min(EMPTY_AT, limit / 2);
        this.appended = appended;
        this.start = start;
    }

    /**
     * Opens (creating when missing) the spool at {@code path} and checks its frames; a tail that is
     * not a whole frame is cut off and said on {@code errors}.
     *
     * @param limit  bytes the spool may hold before batches are refused ({@link #append})
     * @param stored where the database says its stored records end ({@link HistoryDatabase#spoolPosition})
     * @throws IOException {@code cannot open the history's spool PATH: REASON}
     */
    public static HistorySpool open(Path path, long limit, long stored, Consumer<String> errors) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot open the history's spool " + path + ": " + IoReason.of(e), e);
        }
        try {
            long size = channel.size();
            long whole = 0;
            boolean storedIsAFrame = stored == 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            while (whole + HEADER <= size) {
                header.clear();
                readFully(channel, header, whole);
                int length = header.getInt(0);
                if (length < 0 || length > FRAME_MAX || whole + HEADER + length > size
                        || crc32c(readAt(channel, whole + HEADER, length)) != header.getInt(Integer.BYTES)) {
                    break;
                }
                whole += HEADER + length;
                storedIsAFrame |= whole == stored;
            }
            if (whole < size) {
                errors.accept("history spool " + path + ": its last " + (size - whole) + " bytes are not a whole"
                        + " record (a write cut short); cut off");
                channel.truncate(whole);
            }
            return new HistorySpool(path, channel, limit, whole, storedIsAFrame ? stored : 0);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot read the history's spool " + path + ": " + IoReason.of(e), e);
        }
    }

    /** Where the records the database has not stored start: its note when that is a frame, else the beginning. */
    public long start() {
        return start;
    }

    /** The spool file. */
    public Path path() {
        return path;
    }

    /**
     * Appends a batch's records in one write.
     *
     * @return false, writing nothing, when the spool holds {@code limit} bytes or more already
     * @throws IOException the write failed (the spool is cut back to the records before the batch)
     */
    public boolean append(List<HistoryRecord> records) throws IOException {
        frames.clear();
        for (HistoryRecord r : records) {
            int header = frames.position();
            frames.putInt(0).putInt(0); // its length and CRC, once known
            SpoolCodec.encode(r, frames);
            int end = frames.position();
            frames.putIntAt(header, end - header - HEADER)
                    .putIntAt(header + Integer.BYTES, crc32c(frames.slice(header + HEADER, end)));
        }
        ByteBuffer out = frames.written();
        synchronized (lock) {
            if (appended > 0 && appended + out.remaining() > limit) {
                return false;
            }
            try {
                while (out.hasRemaining()) {
                    channel.write(out, appended + out.position());
                }
            } catch (IOException e) {
                try {
                    channel.truncate(appended); // no part of the batch stays behind
                } catch (IOException cut) {
                    e.addSuppressed(cut);
                }
                throw e;
            }
            appended += out.limit();
            lock.notifyAll();
            return true;
        }
    }

    /** Bytes of records in the spool (stored or not): what {@code limit} bounds. */
    public long size() {
        synchronized (lock) {
            return appended;
        }
    }

    /**
     * Waits until the spool holds records beyond {@code position}, or {@link #wake} was called.
     *
     * @return where the spool's records end
     */
    public long awaitBeyond(long position) throws InterruptedException {
        synchronized (lock) {
            while (appended <= position && !closing) {
                lock.wait();
            }
            return appended;
        }
    }

    /** Ends every wait in {@link #awaitBeyond}, now and later: the writer stops once it has stored what is there. */
    public void wake() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
    }

    /** Whether {@link #wake} was called: the daemon is stopping. */
    public boolean closing() {
        synchronized (lock) {
            return closing;
        }
    }

    /** The identities of the records from {@code from} to the end, in order, to {@code each}. */
    public void identities(long from, Consumer<RecordIdentity> each) throws IOException {
        long end = size();
        for (long at = from; at < end; ) {
            ByteBuffer frame = frameAt(at);
            each.accept(SpoolCodec.identity(frame));
            at += HEADER + frame.limit();
        }
    }

    /** Records from {@code from} (a frame's start) up to at most {@code to}, about {@link #READ_BYTES} of them. */
    public Chunk read(long from, long to) throws IOException {
        ByteBuffer b = readAt(channel, from, (int) Math.min(to - from, READ_BYTES));
        List<HistoryRecord> records = new ArrayList<>();
        long at = from;
        while (b.remaining() >= HEADER && b.remaining() - HEADER >= b.getInt(b.position())) {
            int length = b.getInt();
            b.getInt(); // its CRC, checked when the spool was opened
            ByteBuffer frame = b.slice(b.position(), length).order(ByteOrder.LITTLE_ENDIAN);
            records.add(SpoolCodec.decode(frame));
            b.position(b.position() + length);
            at += HEADER + length;
        }
        if (records.isEmpty()) { // one frame larger than a read
            ByteBuffer frame = frameAt(from);
            return new Chunk(List.of(SpoolCodec.decode(frame)), from + HEADER + frame.limit());
        }
        return new Chunk(records, at);
    }

    /**
     * Empties the spool when {@code position} is its end (everything in it is stored) and it has
     * grown past the size at which it is emptied; {@code emptied} notes it in the database meanwhile,
     * while no batch can be appended.
     *
     * @return whether it was emptied (the writer's position is then 0)
     */
    public boolean emptyIfAt(long position, Emptied emptied) throws IOException, SQLException {
        synchronized (lock) {
            if (position != appended || appended < emptyAt) {
                return false;
            }
            // cut first: killed before the note, the database's position is past the end, and the next start reads from 0
            channel.truncate(0);
            appended = 0;
            emptied.run();
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private ByteBuffer frameAt(long at) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, header, at);
        return readAt(channel, at + HEADER, header.getInt(0));
    }

    private static ByteBuffer readAt(FileChannel channel, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, b, at);
        return b.flip();
    }

    private static void readFully(FileChannel channel, ByteBuffer b, long at) throws IOException {
        long position = at;
        while (b.hasRemaining()) {
            int n = channel.read(b, position);
            if (n < 0) {
                throw new IOException("the spool ended at " + position + " inside a record");
            }
            position += n;
        }
    }

    private static int crc32c(ByteBuffer b) {
        CRC32C c = new CRC32C();
        c.update(b.duplicate());
        return (int) c.getValue();
    }
}
