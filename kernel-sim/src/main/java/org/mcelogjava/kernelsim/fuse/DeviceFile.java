package org.mcelogjava.kernelsim.fuse;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mcelogjava.kernelsim.dev.ErrnoException;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.OpenFlags;

/**
 * {@code dev/mcelog} under the mount: the file operations of dev-mcelog.c's {@code mce_chrdev_ops}
 * ({@code mce_chrdev_open}, {@code _read}, {@code _write}, {@code _ioctl}, {@code _poll},
 * {@code _release}) for FUSE requests, each handed to the one {@link McelogDevice} the socket also
 * serves. An open file is a FUSE file handle; it remembers its open flags and, while its owner
 * sleeps in {@code poll}, the wake-up to send.
 *
 * <p>{@code poll} joins the device's wait queue before it looks at the mask, as
 * {@code mce_chrdev_poll} calls {@code poll_wait} first, so a record logged between the two is not
 * missed. Thread-safe: libfuse calls from several threads, the device wakes from the engine's.
 */
final class DeviceFile {

    private static final int MAY_READ = 04;
    private static final int MAY_WRITE = 02;

    private final McelogDevice device;
    private final int deviceMode;
    private final Map<Long, OpenFile> files = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);

    /** @param deviceMode permission bits of /dev/mcelog for the unprivileged ("other") */
    DeviceFile(McelogDevice device, int deviceMode) {
        this.device = device;
        this.deviceMode = deviceMode;
    }

    /**
     * {@code mce_chrdev_open} after the VFS's permission check, by process {@code owner} (empty:
     * unknown); returns the file handle.
     */
    long open(int flags, boolean privileged, OptionalInt owner) throws ErrnoException {
        int wanted = (OpenFlags.readable(flags) ? MAY_READ : 0) | (OpenFlags.writable(flags) ? MAY_WRITE : 0);
        if (!privileged && (deviceMode & wanted) != wanted) {
            throw new ErrnoException(Errno.EACCES, "/dev/mcelog mode " + Integer.toOctalString(deviceMode));
        }
        device.open(flags);
        long fh = nextHandle.getAndIncrement();
        files.put(fh, new OpenFile(flags, owner));
        return fh;
    }

    /** {@code mce_chrdev_read}: the whole log or EINVAL; the file position plays no part. */
    byte[] read(long fh, int count) throws ErrnoException {
        if (!OpenFlags.readable(file(fh).flags)) {
            throw new ErrnoException(Errno.EBADF, "not open for reading");
        }
        return device.read(count);
    }

    /**
     * {@code mce_chrdev_write}: the legacy injection; returns the bytes taken. As on the kernel,
     * one {@code write(2)} is one record: a file has no request that carries several writes (the
     * socket's WRITE_TOGETHER). The threads of a real C {@code mce-inject} therefore write here
     * separately, each raise running to its end in the engine before the next write is taken, so
     * records its threads release together are raised one after another, as Linux 6.12's
     * {@code mce_inject_mutex} serialises them, whatever {@code MceConfig.injectMutex} says; a
     * process-context HOLD record's CPU does not meet the trigger's in one rendezvous here.
     */
    int write(long fh, byte[] data, boolean privileged) throws ErrnoException {
        if (!OpenFlags.writable(file(fh).flags)) {
            throw new ErrnoException(Errno.EBADF, "not open for writing");
        }
        return device.write(data, privileged);
    }

    /** {@code mce_chrdev_ioctl}: the value the ioctl stores through its {@code int *} argument. */
    int ioctl(long fh, int command, boolean privileged) throws ErrnoException {
        file(fh);
        return device.ioctl(command, privileged);
    }

    /**
     * {@code mce_chrdev_poll}: the mask now. With a {@code wakeup} (the caller will sleep if the
     * mask is empty) it is kept until the device's next wake-up, replacing an earlier one.
     */
    int poll(long fh, PollWakeup wakeup) throws ErrnoException {
        OpenFile file = file(fh);
        if (wakeup == null) {
            return device.pollMask();
        }
        file.sleep(wakeup);
        int mask = device.pollMask();
        if (mask != 0) {
            file.forget(wakeup);
        }
        return mask;
    }

    /**
     * A {@code close(2)} of the file by process {@code closer}: the owner's own close releases the
     * device at once (see {@link MachineFileSystem#flush}); a copy's close in another process (a
     * child's descriptor closed at its exec) leaves the open to the release after the last close,
     * as the kernel calls {@code mce_chrdev_release} only then. An unknown process counts as the
     * owner.
     */
    void flush(long fh, OptionalInt closer) {
        OpenFile file = files.get(fh);
        if (file != null && (closer.isEmpty() || file.owner.isEmpty() || closer.equals(file.owner))) {
            release(fh);
        }
    }

    /** {@code mce_chrdev_release}; a pending wake-up is discarded. */
    void release(long fh) {
        OpenFile file = files.remove(fh);
        if (file != null) {
            file.discardPending();
            device.release(file.flags);
        }
    }

    /** The permission bits of /dev/mcelog. */
    int mode() {
        return deviceMode;
    }

    private OpenFile file(long fh) throws ErrnoException {
        OpenFile file = files.get(fh);
        if (file == null) {
            throw new ErrnoException(Errno.EBADF, "no open file " + fh);
        }
        return file;
    }

    /** One open of the device: its flags, the process that opened it and the poll wake-up it waits for, if any. */
    private final class OpenFile {
        private final int flags;
        private final OptionalInt owner;
        private PollWakeup pending;
        private Runnable waiter;

        OpenFile(int flags, OptionalInt owner) {
            this.flags = flags;
            this.owner = owner;
        }

        synchronized void sleep(PollWakeup wakeup) {
            discardPending();
            pending = wakeup;
            Runnable w = () -> woken(wakeup);
            waiter = w;
            device.addWaiter(w);
        }

        private void woken(PollWakeup wakeup) {
            synchronized (this) {
                if (pending != wakeup) {
                    return;
                }
                pending = null;
                waiter = null;
            }
            wakeup.wake();
        }

        synchronized void forget(PollWakeup wakeup) {
            if (pending == wakeup) {
                discardPending();
            }
        }

        synchronized void discardPending() {
            if (pending != null) {
                device.removeWaiter(waiter);
                pending.discard();
                pending = null;
                waiter = null;
            }
        }
    }
}
