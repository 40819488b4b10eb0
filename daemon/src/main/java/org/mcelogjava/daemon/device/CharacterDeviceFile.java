package org.mcelogjava.daemon.device;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.Operation;
import org.mcelogjava.protocol.device.PollEvents;

/**
 * {@code /dev/mcelog} as a file, read with the system calls mcelog makes (mcelog.c {@code main} and
 * {@code process()}): {@code open(O_RDONLY)}, MCE_GET_RECORD_LEN and MCE_GET_LOG_LEN once, then
 * {@code poll(POLLIN)} and a {@code read} of the whole log, MCE_GETCLEAR_FLAGS after a read that
 * filled it. The kernel's character device on a real machine, or the simulator's FUSE file
 * ({@code mce-sim run --mount DIR}: {@code DIR/dev/mcelog}, a regular file to {@code stat}).
 *
 * <p>Opened {@code O_RDONLY} without {@code O_EXCL}, as mcelog opens it: {@code mce_chrdev_open}
 * would let an exclusive opener lock out every other open, injectors' writes included. The
 * kernel's read clears what it returns ({@code mce_chrdev_read}), so there is no holding or
 * acknowledging: a batch read is the daemon's alone, and lost if the daemon dies before logging it.
 *
 * <p>{@code poll} sleeps in slices of {@value #POLL_SLICE_MILLIS} ms so that {@link #close()}
 * from another thread (the daemon's stop) ends a wait within one slice: closing a descriptor does
 * not wake a {@code poll} on it. The descriptor is closed by whichever thread leaves it last, so a
 * number the kernel reuses is never polled or read.
 */
public final class CharacterDeviceFile implements RecordDevice {

    static final int POLL_SLICE_MILLIS = 200;

    private final LibC libc;
    private final Path path;
    private final int fd;
    private final int recordLength;
    private final int logLength;
    private final Pointer buffer;
    private final Pointer pollfd;
    private boolean closed;
    private int inCall;
    private boolean fdClosed;

    private CharacterDeviceFile(LibC libc, Path path, int fd, int recordLength, int logLength) {
        this.libc = libc;
        this.path = path;
        this.fd = fd;
        this.recordLength = recordLength;
        this.logLength = logLength;
        this.buffer = Memory.allocateDirect(libc.runtime(), Math.max(1, recordLength * logLength));
        this.pollfd = Memory.allocateDirect(libc.runtime(), LibC.POLLFD_SIZE);
    }

    /**
     * Opens {@code path} and asks its record and log lengths.
     *
     * @throws DeviceException the device refuses this reader for good: EBUSY (held exclusively),
     *                         EACCES or EPERM
     * @throws IOException     any other failure, with strerror's reason, naming the path and the call
     */
    public static CharacterDeviceFile open(Path path) throws IOException, DeviceException {
        LibC libc = LibC.get();
        int fd = libc.calls().open(path.toString(), OpenFlags.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0) {
            int errno = libc.errno();
            String reason = libc.calls().strerror(errno);
            Errno known = Errno.fromNumber(errno).orElse(null);
            if (known == Errno.EBUSY || known == Errno.EACCES || known == Errno.EPERM) {
                throw new DeviceException(Operation.OPEN, known, path.toString());
            }
            throw new FileSystemException(path.toString(), null, reason);
        }
        try {
            int recordLength = ioctl(libc, path, fd, McelogIoctl.MCE_GET_RECORD_LEN, "MCE_GET_RECORD_LEN");
            int logLength = ioctl(libc, path, fd, McelogIoctl.MCE_GET_LOG_LEN, "MCE_GET_LOG_LEN");
            if (recordLength < 0 || logLength <= 0 || (long) recordLength * logLength > 1 << 24) {
                throw new IOException(path + " reports record length " + recordLength + " and log length "
                        + logLength + ", which this reader cannot use");
            }
            return new CharacterDeviceFile(libc, path, fd, recordLength, logLength);
        } catch (IOException | RuntimeException e) {
            libc.calls().close(fd);
            throw e;
        }
    }

    private static int ioctl(LibC libc, Path path, int fd, int request, String name) throws IOException {
        IntByReference value = new IntByReference();
        if (libc.calls().ioctl(fd, request & 0xffffffffL, value) < 0) {
            throw new FileSystemException(path.toString(), null, "ioctl " + name + ": " + libc.lastError());
        }
        return value.getValue();
    }

    @Override
    public int recordLength() {
        return recordLength;
    }

    @Override
    public int logLength() {
        return logLength;
    }

    @Override
    public boolean awaitRecords(int timeoutMillis) throws IOException {
        long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() / 1_000_000 + timeoutMillis;
        while (true) {
            long left = deadline - System.nanoTime() / 1_000_000;
            int slice = (int) Math.max(0, Math.min(POLL_SLICE_MILLIS, left));
            enter("poll");
            int revents;
            try {
                pollfd.putInt(0, fd);
                pollfd.putShort(4, (short) PollEvents.POLLIN);
                pollfd.putShort(6, (short) 0);
                int n = libc.calls().poll(pollfd, 1, slice);
                if (n < 0 && libc.errno() != Errno.EINTR.number()) {
                    throw new FileSystemException(path.toString(), null, "poll: " + libc.lastError());
                }
                revents = n > 0 ? pollfd.getShort(6) & 0xffff : 0;
            } finally {
                leave();
            }
            if (WholeLogRead.recordsPending(revents, path + ": poll")) {
                return true;
            }
            if (left <= POLL_SLICE_MILLIS && timeoutMillis >= 0) {
                return false;
            }
        }
    }

    /** One whole-log read, its overflow asked as mcelog asks it ({@link WholeLogRead}). */
    @Override
    public Batch read() throws IOException, DeviceException {
        if (recordLength == 0) {
            return new Batch(new byte[0], 0, false);
        }
        enter("read");
        try {
            long n = libc.calls().read(fd, buffer, (long) recordLength * logLength);
            if (n < 0) {
                throw new FileSystemException(path.toString(), null, "read: " + libc.lastError());
            }
            byte[] data = new byte[(int) n];
            buffer.get(0, data, 0, data.length);
            return WholeLogRead.batch(data, recordLength, logLength,
                    () -> ioctl(libc, path, fd, McelogIoctl.MCE_GETCLEAR_FLAGS, "MCE_GETCLEAR_FLAGS"), Optional.empty());
        } finally {
            leave();
        }
    }

    /** Marks a system call on the descriptor begun; refused once the file is closed. */
    private synchronized void enter(String call) throws IOException {
        if (closed) {
            throw new IOException(path + ": " + call + ": the device was closed");
        }
        inCall++;
    }

    private synchronized void leave() {
        inCall--;
        closeIfIdle();
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeIfIdle();
    }

    private void closeIfIdle() {
        if (closed && inCall == 0 && !fdClosed) {
            fdClosed = true;
            libc.calls().close(fd);
        }
    }
}
