package org.mcelogjava.daemon.device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
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
 * then poll and whole-log reads (mcelog's {@code process()}). A daemon reads with READ_HELD and
 * acknowledges each batch once it is handled, so a batch it never finished comes back to its next
 * run instead of being lost (PROTOCOL.md, READ_HELD).
 */
public final class McelogDeviceFile implements RecordDevice {

    private final DeviceConnection connection;
    private final int handle;
    private final int recordLength;
    private final int logLength;
    private final String bootId;

    private McelogDeviceFile(DeviceConnection connection, int handle, int recordLength, int logLength,
                             String bootId) {
        this.connection = connection;
        this.handle = handle;
        this.recordLength = recordLength;
        this.logLength = logLength;
        this.bootId = bootId;
    }

    /**
     * Connects, opens the device and asks MCE_GET_RECORD_LEN and MCE_GET_LOG_LEN.
     *
     * @param exclusive be the device's only reader (the simulator's {@link OpenFlags#EXCL_READERS}: the
     *                  daemon is, so no other reader takes its records; writers still get in)
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
                    || (long) recordLength * logLength > DeviceProtocol.DEFAULT_MAX_RESPONSE_FRAME - 24) {
                throw new IOException("device reports record length " + recordLength + " and log length "
                        + logLength + ", which this reader cannot use");
            }
            return new McelogDeviceFile(c, handle, recordLength, logLength, bootId(c));
        } catch (IOException | DeviceException | RuntimeException e) {
            c.close();
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

    /** Sleeps in poll until records are pending or {@code timeoutMillis} passes (-1: forever). */
    @Override
    public boolean awaitRecords(int timeoutMillis) throws IOException {
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
     * As {@link #read()}, but with READ_HELD: the simulator keeps the records for this reader
     * until {@link #acknowledge}, and gives them back if the reader dies first.
     */
    @Override
    public Batch readHeld() throws IOException, DeviceException {
        if (recordLength == 0) {
            return new Batch(new byte[0], 0, false);
        }
        DeviceResponse.ReadHeld r = connection.readHeld(handle, recordLength * logLength);
        return WholeLogRead.batch(r.data(), recordLength, logLength, this::getclearFlags,
                Optional.of(new Batch.Numbering(bootId, r.firstSequence())));
    }

    /** Tells the simulator a held batch is handled: it will not come back. */
    @Override
    public void acknowledge(Batch batch) throws IOException, DeviceException {
        if (batch.numbering().isPresent()) {
            connection.ack(handle, batch.numbering().get().firstSequence() + batch.count());
        }
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
