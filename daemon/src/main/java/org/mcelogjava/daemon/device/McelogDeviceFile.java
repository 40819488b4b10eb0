package org.mcelogjava.daemon.device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.protocol.device.DevicePaths;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.PollEvents;

/**
 * {@code /dev/mcelog} as the daemon uses it, through the simulator's device socket: opened once
 * (exclusively, so a second reader cannot steal records), its record and log lengths asked once,
 * then poll and whole-log reads (mcelog's {@code process()}). A daemon, the device's only reader,
 * has its records pushed instead (STREAM, with a window of the log's length) and takes what came
 * as one batch per wake-up; a simulator without streams is read with POLL and READ_HELD. Either
 * way the records stay held until the daemon acknowledges each batch once it is handled, so a
 * batch it never finished comes back to its next run instead of being lost (PROTOCOL.md §5,
 * READ_HELD and STREAM).
 */
public final class McelogDeviceFile implements RecordDevice {

    /** A STREAM push's header and fields before its records (PROTOCOL.md §2), the largest of the reads'. */
    private static final int STREAM_REPLY_HEADER = 28;

    private final DeviceConnection connection;
    private final int handle;
    private final int recordLength;
    private final int logLength;
    private final String bootId;
    private final Optional<PushedRecords> pushed;

    private McelogDeviceFile(DeviceConnection connection, int handle, int recordLength, int logLength,
                             String bootId, Optional<PushedRecords> pushed) {
        this.connection = connection;
        this.handle = handle;
        this.recordLength = recordLength;
        this.logLength = logLength;
        this.bootId = bootId;
        this.pushed = pushed;
    }

    /**
     * Connects, opens the device and asks MCE_GET_RECORD_LEN and MCE_GET_LOG_LEN.
     *
     * @param exclusive be the device's only reader (the simulator's {@link OpenFlags#EXCL_READERS}: the
     *                  daemon is, so no other reader takes its records; writers still get in), whose
     *                  records are pushed
     */
    public static McelogDeviceFile open(Path socket, String identity, boolean exclusive)
            throws IOException, DeviceException {
        return open(DeviceConnection.connect(socket, identity), exclusive);
    }

    /**
     * Opens the device on a connection already made (the one the start-up checks read the machine
     * through), which the file owns from now on: closing it, or a failure here, closes the connection.
     */
    public static McelogDeviceFile open(DeviceConnection c, boolean exclusive) throws IOException, DeviceException {
        try {
            int handle = c.open(OpenFlags.O_RDONLY | (exclusive ? OpenFlags.EXCL_READERS : 0));
            int recordLength = c.ioctl(handle, McelogIoctl.MCE_GET_RECORD_LEN);
            int logLength = c.ioctl(handle, McelogIoctl.MCE_GET_LOG_LEN);
            if (recordLength < 0 || logLength <= 0
                    || (long) recordLength * logLength > DeviceProtocol.DEFAULT_MAX_RESPONSE_FRAME - STREAM_REPLY_HEADER) {
                throw new IOException("device reports record length " + recordLength + " and log length "
                        + logLength + ", which this reader cannot use");
            }
            String bootId = bootId(c);
            return new McelogDeviceFile(c, handle, recordLength, logLength, bootId,
                    exclusive && recordLength > 0 ? stream(c, handle, recordLength, logLength, bootId) : Optional.empty());
        } catch (IOException | DeviceException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The handle's records pushed with a window of the whole log; empty from a simulator without streams. */
    private static Optional<PushedRecords> stream(DeviceConnection c, int handle, int recordLength, int logLength,
                                                  String bootId) throws IOException, DeviceException {
        PushedRecords records = new PushedRecords(recordLength, bootId);
        try {
            c.stream(handle, logLength, records);
            return Optional.of(records);
        } catch (DeviceException e) {
            if (e.errno() == Errno.ENOSYS) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The simulator's boot_id, or "" when it does not tell. */
    private static String bootId(DeviceConnection c) throws IOException, DeviceException {
        try {
            return c.readText(DevicePaths.BOOT_ID).strip();
        } catch (DeviceException e) {
            if (e.errno() == Errno.ENOENT) {
                return "";
            }
            throw e;
        }
    }

    @Override
    public int recordLength() {
        return recordLength;
    }

    @Override
    public int logLength() {
        return logLength;
    }

    /**
     * Sleeps until records are pushed, or in poll until records are pending, or until
     * {@code timeoutMillis} passes (-1: forever).
     */
    @Override
    public boolean awaitRecords(int timeoutMillis) throws IOException {
        if (pushed.isPresent()) {
            return pushed.get().await(timeoutMillis);
        }
        return WholeLogRead.recordsPending(connection.poll(handle, PollEvents.POLLIN, timeoutMillis),
                "device poll failed");
    }

    /**
     * One whole-log read, its overflow asked as mcelog asks it ({@link WholeLogRead}). With a record
     * length of 0 there is nothing to read.
     */
    @Override
    public Batch read() throws IOException, DeviceException {
        if (recordLength == 0) {
            return new Batch(new byte[0], 0, false);
        }
        return WholeLogRead.batch(connection.read(handle, recordLength * logLength), recordLength, logLength,
                this::getclearFlags, Optional.empty());
    }

    private int getclearFlags() throws IOException, DeviceException {
        return connection.ioctl(handle, McelogIoctl.MCE_GETCLEAR_FLAGS);
    }

    /**
     * The records pushed since the last call (as one batch, {@link PushedRecords#take}), or as
     * {@link #read()} with READ_HELD: either way the simulator keeps the records for this reader
     * until {@link #acknowledge}, and gives them back if the reader dies first.
     */
    @Override
    public Batch readHeld() throws IOException, DeviceException {
        if (pushed.isPresent()) {
            return pushed.get().take();
        }
        if (recordLength == 0) {
            return new Batch(new byte[0], 0, false);
        }
        DeviceResponse.ReadHeld r = connection.readHeld(handle, recordLength * logLength);
        return WholeLogRead.batch(r.data(), recordLength, logLength, this::getclearFlags,
                Optional.of(new Batch.Numbering(bootId, r.firstSequence())));
    }

    /**
     * Tells the simulator a held batch is handled: it will not come back. The ACK is sent without
     * waiting for its reply, which makes room in the stream's window: the stage completes with it.
     */
    @Override
    public CompletionStage<Void> acknowledge(Batch batch) {
        if (batch.numbering().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return connection.ackLater(handle, batch.numbering().get().firstSequence() + batch.count());
    }

    /** The connection this file is open on, for {@link LiveConnection} to lend. */
    DeviceConnection connection() {
        return connection;
    }

    /** Whether the connection to the simulator is still up. */
    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        connection.close();
    }
}
