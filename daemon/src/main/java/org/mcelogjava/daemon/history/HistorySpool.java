package org.mcelogjava.daemon.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.daemon.bytes.RecordBytes;
import org.mcelogjava.daemon.decode.RecordIdentity;

/**
 * The history's spool: records on their way to the database, appended by the record path in one
 * write per batch and read back by the writer thread, which stores them in transactions of about
 * {@link #READ_BYTES}. A record in the spool survives a {@code kill -9} (it is in the page cache, as
 * the log file's lines are), so the daemon acknowledges a batch to the device once it is spooled,
 * and the next start stores what the last one had not. Each record is a frame: its length and the
 * CRC-32C of its bytes ({@link SpoolCodec}), so a write cut short is found and cut off at the next
 * start.
 *
 * <p>The spool is a run of segment files, {@code <database>.spool.1}, {@code .2}, ...: the record
 * path starts a new one once the current one holds {@link #SEGMENT_BYTES}, and the writer deletes a
 * segment once it has stored all of it and moved on, so the files on disk are what is not stored yet
 * plus one segment at most, however long a burst lasts. The database notes, in the transaction that
 * stores them, where the stored records end ({@link HistoryDatabase#spoolPosition}).
 *
 * <p>Thread use: {@link #append} from the record path; {@link #next} from the writer thread.
 */
public final class HistorySpool implements AutoCloseable {

    /** A segment's size at which the record path starts the next one. */
    static final long SEGMENT_BYTES = 1 << 20;
    private static final int HEADER = 2 * Integer.BYTES;
    /**
     * Bytes the writer reads, and stores in one transaction, at a time: about 200 records (a frame is
     * about 600 bytes). Larger reads gave no more records per second and a larger peak RSS (2 MiB:
     * 146 MiB with the 1,024-slot log; 128 KiB: 127 MiB; BENCHMARKS.md).
     */
    private static final int READ_BYTES = 128 << 10;
    /** Larger than any frame this daemon writes: a length beyond it is not a frame. */
    private static final int FRAME_MAX = 16 << 20;

    /** Records read from the spool, where the frame after the last one starts, and their bytes. */
    public record Chunk(List<HistoryRecord> records, SpoolPosition end, long bytes) {
    }

    /** A whole frame of a segment, as the check at start finds it: where it starts and ends, and whose record it is. */
    private record Frame(long start, long end, RecordIdentity identity) {
    }

    private final Path base;
    private final long limit;
    private final SpoolPosition start;
    private final Object lock = new Object();
    /** The batch being appended, as frames; the record path's only. */
    private final RecordBytes frames = new RecordBytes(64 << 10);
    /** The checksum of each frame appended; the record path's only. */
    private final CRC32C frameChecksum = new CRC32C();
    // guarded by lock: the segment being appended to, and the bytes of whole frames in it
    private long writeSegment;
    private FileChannel writeChannel;
    private long writeSize;
    /** Bytes spooled and not yet stored (what {@code limit} bounds). */
    private long waiting;
    private boolean closing;
    // the writer thread's: the segment it reads, and the buffer it reads chunks into (their records are
    // decoded before the next read)
    private long readSegment = -1;
    private FileChannel readChannel;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    private HistorySpool(Path base, long limit, SpoolPosition start, long writeSegment, FileChannel writeChannel,
                         long writeSize, long waiting) {
        this.base = base;
        this.limit = limit;
        this.start = start;
        this.writeSegment = writeSegment;
        this.writeChannel = writeChannel;
        this.writeSize = writeSize;
        this.waiting = waiting;
    }

    /**
     * Opens the spool whose segments are {@code base.N}: deletes the segments the database has
     * stored, checks the frames of the others in one pass (a tail that is not a whole frame is cut
     * off and said on {@code errors}), and opens the last for appending, or a new one.
     *
     * @param limit   bytes that may wait in the spool before batches are refused ({@link #append})
     * @param stored  where the database says its stored records end ({@link HistoryDatabase#spoolPosition})
     * @param waiting the identities of the records not stored yet, in spool order, as the check finds them
     * @throws IOException {@code cannot open the history's spool BASE.N: REASON}
     */
    public static HistorySpool open(Path base, long limit, SpoolPosition stored, Consumer<String> errors,
                                    Consumer<RecordIdentity> waiting) throws IOException {
        TreeMap<Long, Path> segments = segments(base);
        SpoolPosition start = null;
        long waitingBytes = 0;
        for (var e : segments.entrySet()) {
            long n = e.getKey();
            Path file = e.getValue();
            if (n < stored.segment()) {
                delete(file);
                continue;
            }
            List<Frame> frames = check(file, errors);
            if (start == null) {
                boolean atAFrame = n == stored.segment()
                        && (stored.offset() == 0 || frames.stream().anyMatch(f -> f.end() == stored.offset()));
                start = new SpoolPosition(n, atAFrame ? stored.offset() : 0);
            }
            for (Frame f : frames) {
                if (n > start.segment() || f.start() >= start.offset()) {
                    waiting.accept(f.identity());
                    waitingBytes += f.end() - f.start();
                }
            }
        }
        segments.headMap(stored.segment()).clear();
        long writeSegment = segments.isEmpty() ? stored.segment() + 1 : segments.lastKey();
        if (start == null) {
            start = new SpoolPosition(writeSegment, 0);
        }
        Path file = segment(base, writeSegment);
        FileChannel channel = openForAppend(file);
        try {
            return new HistorySpool(base, limit, start, writeSegment, channel, channel.size(), waitingBytes);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot read the history's spool " + file + ": " + IoReason.of(e), e);
        }
    }

    /** Where the records the database has not stored start: its note when that is a frame's start, else the first segment's. */
    public SpoolPosition start() {
        return start;
    }

    /** The spool's files: {@code BASE.N}. */
    public Path base() {
        return base;
    }

    /**
     * Appends a batch's records in one write, to a new segment when the current one is full.
     *
     * @return false, writing nothing, when {@code limit} bytes or more already wait
     * @throws IOException the write failed (the segment is cut back to the records before the batch)
     */
    public boolean append(List<HistoryRecord> records) throws IOException {
        frames.clear();
        for (HistoryRecord r : records) {
            int header = frames.position();
            frames.putInt(0).putInt(0); // its length and CRC, once known
            SpoolCodec.encode(r, frames);
            int end = frames.position();
            frames.putIntAt(header, end - header - HEADER)
                    .putIntAt(header + Integer.BYTES, checksum(frameChecksum, frames.slice(header + HEADER, end)));
        }
        ByteBuffer out = frames.written();
        synchronized (lock) {
            if (waiting > 0 && waiting + out.remaining() > limit) {
                return false;
            }
            if (writeSize >= SEGMENT_BYTES) {
                FileChannel next = openForAppend(segment(base, writeSegment + 1));
                writeChannel.close();
                writeChannel = next;
                writeSegment++;
                writeSize = 0;
            }
            try {
                while (out.hasRemaining()) {
                    writeChannel.write(out, writeSize + out.position());
                }
            } catch (IOException e) {
                try {
                    writeChannel.truncate(writeSize); // no part of the batch stays behind
                } catch (IOException cut) {
                    e.addSuppressed(cut);
                }
                throw new IOException(segment(base, writeSegment) + ": " + IoReason.of(e), e);
            }
            writeSize += out.limit();
            waiting += out.limit();
            lock.notifyAll();
            return true;
        }
    }

    /** Bytes spooled and not yet stored. */
    public long waiting() {
        synchronized (lock) {
            return waiting;
        }
    }

    /**
     * The records after {@code from}, about {@link #READ_BYTES} of them, waiting until there are
     * some; the segments read to their end are deleted on the way. Empty once {@link #wake} was
     * called and nothing is left.
     */
    public Optional<Chunk> next(SpoolPosition from) throws IOException, InterruptedException {
        SpoolPosition at = from;
        while (true) {
            long segment;
            long end;
            synchronized (lock) {
                while (!beyond(at) && !closing) {
                    lock.wait();
                }
                if (!beyond(at)) {
                    return Optional.empty();
                }
                segment = writeSegment;
                end = writeSize;
            }
            while (at.segment() < segment && at.offset() >= reader(at.segment()).size()) {
                readChannel.close(); // stored to its end: the next segment's turn
                readSegment = -1;
                delete(segment(base, at.segment()));
                at = new SpoolPosition(at.segment() + 1, 0);
            }
            long readable = at.segment() < segment ? reader(at.segment()).size() : end;
            if (readable > at.offset()) {
                return Optional.of(read(at, readable));
            }
        }
    }

    /** The whole frames from {@code at} up to {@code readable} in its segment, about {@link #READ_BYTES} of them. */
    private Chunk read(SpoolPosition at, long readable) throws IOException {
        FileChannel ch = reader(at.segment());
        ByteBuffer b = readBuffer.clear().limit((int) Math.min(readable - at.offset(), READ_BYTES));
        readFully(ch, b, at.offset());
        b.flip();
        List<HistoryRecord> records = new ArrayList<>();
        long offset = at.offset();
        while (b.remaining() >= HEADER && b.remaining() - HEADER >= b.getInt(b.position())) {
            int length = b.getInt();
            b.getInt(); // its CRC, checked when the spool was opened
            ByteBuffer frame = b.slice(b.position(), length).order(ByteOrder.LITTLE_ENDIAN);
            records.add(SpoolCodec.decode(frame));
            b.position(b.position() + length);
            offset += HEADER + length;
        }
        if (records.isEmpty()) { // one frame larger than a read
            ByteBuffer frame = frameAt(ch, at.offset());
            records.add(SpoolCodec.decode(frame));
            offset += HEADER + frame.limit();
        }
        return new Chunk(records, new SpoolPosition(at.segment(), offset), offset - at.offset());
    }

    /** The writer stored a chunk: its bytes no longer wait. */
    public void stored(Chunk chunk) {
        synchronized (lock) {
            waiting -= chunk.bytes();
        }
    }

    /** Ends every wait in {@link #next}, now and later: the writer stops once it has stored what is there. */
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

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            writeChannel.close();
        }
        if (readChannel != null) {
            readChannel.close();
        }
    }

    private boolean beyond(SpoolPosition p) {
        return writeSegment > p.segment() || writeSize > p.offset();
    }

    private FileChannel reader(long segment) throws IOException {
        if (readSegment != segment) {
            if (readChannel != null) {
                readChannel.close();
            }
            readChannel = FileChannel.open(segment(base, segment), StandardOpenOption.READ);
            readSegment = segment;
        }
        return readChannel;
    }

    private static Path segment(Path base, long n) {
        return base.resolveSibling(base.getFileName() + "." + n);
    }

    /** The segment files there are, by number. */
    private static TreeMap<Long, Path> segments(Path base) throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        String prefix = base.getFileName() + ".";
        Path dir = base.toAbsolutePath().getParent();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, base.getFileName() + ".*")) {
            for (Path f : files) {
                String n = f.getFileName().toString().substring(prefix.length());
                if (n.matches("[1-9][0-9]{0,17}")) {
                    segments.put(Long.parseLong(n), f);
                }
            }
        } catch (IOException e) {
            throw new IOException("cannot list the history's spool " + base + ".N in " + dir + ": " + IoReason.of(e), e);
        }
        return segments;
    }

    /**
     * A segment's whole frames, in order (a segment holds 1 MiB, about 1,700 of them); a tail after
     * them that is not a whole frame is cut off and said.
     */
    private static List<Frame> check(Path file, Consumer<String> errors) throws IOException {
        List<Frame> frames = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long whole = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            CRC32C crc = new CRC32C();
            while (whole + HEADER <= size) {
                header.clear();
                readFully(ch, header, whole);
                int length = header.getInt(0);
                if (length < 0 || length > FRAME_MAX || whole + HEADER + length > size) {
                    break;
                }
                ByteBuffer payload = readAt(ch, whole + HEADER, length);
                if (checksum(crc, payload.duplicate()) != header.getInt(Integer.BYTES)) {
                    break;
                }
                frames.add(new Frame(whole, whole + HEADER + length, SpoolCodec.identity(payload)));
                whole += HEADER + length;
            }
            if (whole < size) {
                errors.accept("history spool " + file + ": its last " + (size - whole) + " bytes are not a whole"
                        + " record (a write cut short); cut off");
                ch.truncate(whole);
            }
            return frames;
        } catch (IOException e) {
            throw new IOException("cannot read the history's spool " + file + ": " + IoReason.of(e), e);
        }
    }

    private static FileChannel openForAppend(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot open the history's spool " + file + ": " + IoReason.of(e), e);
        }
    }

    private static void delete(Path file) throws IOException {
        try {
            Files.delete(file);
        } catch (NoSuchFileException gone) {
            // deleted already
        } catch (IOException e) {
            throw new IOException("cannot delete the stored spool segment " + file + ": " + IoReason.of(e), e);
        }
    }

    private static ByteBuffer frameAt(FileChannel channel, long at) throws IOException {
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

    /** The CRC-32C of {@code b}'s remaining bytes, with {@code c} (reset first); {@code b} is consumed. */
    private static int checksum(CRC32C c, ByteBuffer b) {
        c.reset();
        c.update(b);
        return (int) c.getValue();
    }
}
