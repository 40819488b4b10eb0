package org.mcelogjava.daemon.device;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.mcelogjava.client.DeviceException;

/**
 * An open {@code /dev/mcelog} as the daemon reads it (mcelog's {@code process()}): its record and
 * log lengths (MCE_GET_RECORD_LEN, MCE_GET_LOG_LEN), a poll for pending records and a whole-log
 * read that reports the kernel's overflow flag (MCE_GETCLEAR_FLAGS). Two kinds: the simulator's
 * device socket ({@link McelogDeviceFile}), whose reads can be held and acknowledged, and a real
 * file opened with the system calls ({@link CharacterDeviceFile}), whose read clears the log as the
 * kernel's {@code mce_chrdev_read} does.
 */
public interface RecordDevice extends AutoCloseable {

    int recordLength();

    int logLength();

    /**
     * Sleeps in poll until records are pending or {@code timeoutMillis} passes (-1: until records
     * come or the device is closed).
     *
     * @return records are pending
     * @throws IOException the device failed or was closed while waiting
     */
    boolean awaitRecords(int timeoutMillis) throws IOException;

    /** One whole-log read, which takes the records from the device. */
    Batch read() throws IOException, DeviceException;

    /**
     * One whole-log read for a daemon: a device that can hold records for their reader
     * (READ_HELD) keeps them until {@link #acknowledge}; one that cannot reads as {@link #read()}.
     */
    default Batch readHeld() throws IOException, DeviceException {
        return read();
    }

    /**
     * The daemon has applied {@code batch} and its durable sinks hold it; a device that holds
     * records may now forget it (a file's read has cleared them already: nothing to do). Returns
     * once the acknowledgement is sent; the stage completes when the device has taken it, or fails
     * with why it did not.
     */
    default CompletionStage<Void> acknowledge(Batch batch) {
        return CompletableFuture.completedFuture(null);
    }

    /** Whether the device is still open (not closed, its connection not lost). */
    boolean isOpen();

    /** Closes the device; callable from any thread, it wakes a caller asleep in {@link #awaitRecords}. */
    @Override
    void close();
}
