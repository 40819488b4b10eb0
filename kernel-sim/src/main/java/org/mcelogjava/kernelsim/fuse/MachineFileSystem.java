package org.mcelogjava.kernelsim.fuse;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import org.mcelogjava.kernelsim.dev.ErrnoException;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.OpenFlags;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseContext;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.FusePollhandle;

/**
 * The FUSE file system behind {@code mce-sim run --mount DIR}: {@code /dev/mcelog} is the
 * {@link DeviceFile}; every other path is the simulator's attribute tree ({@link SysfsTree}), whose
 * paths already are the kernel's ({@code /proc/cpuinfo}, {@code /sys/devices/system/...}), so
 * {@code DIR/sys/devices/system/machinecheck/machinecheck0/trigger} is that attribute. Directories
 * are the ones the tree implies.
 *
 * <p>An attribute file is read as sysfs reads it: its {@code show} runs once, at the read at offset
 * 0, and later reads of the same open file page through that text ({@code sysfs_kf_seq_show}); a
 * write is one {@code store}. The file system is mounted with {@code direct_io}, so no page cache
 * stands between a reader and the device: every read reaches {@code mce_chrdev_read}, whatever the
 * offset.
 *
 * <p>Who is privileged is decided from the caller's credentials FUSE reports, by the same
 * {@link PeerPolicy} as on the socket.
 */
final class MachineFileSystem extends FuseStubFS {

    static final String DEVICE = "/dev/mcelog";
    private static final int SYSFS_FILE_SIZE = 4096;

    private final DeviceFile device;
    private final SysfsTree tree;
    private final PeerPolicy policy;
    private final CallerOpenFlags callerFlags;
    private final CallerThreadGroup callerGroup;
    private final Map<Long, byte[]> shown = new ConcurrentHashMap<>();
    private final AtomicLong nextAttrHandle = new AtomicLong(1L << 32);

    MachineFileSystem(DeviceFile device, SysfsTree tree, PeerPolicy policy, CallerOpenFlags callerFlags,
                      CallerThreadGroup callerGroup) {
        this.device = device;
        this.tree = tree;
        this.policy = policy;
        this.callerFlags = callerFlags;
        this.callerGroup = callerGroup;
    }

    @Override
    public int getattr(String path, FileStat stat) {
        if (path.equals(DEVICE)) {
            stat.st_mode.set(FileStat.S_IFREG | device.mode());
            stat.st_nlink.set(1);
            return 0;
        }
        var attribute = tree.lookup(path);
        if (attribute.isPresent()) {
            stat.st_mode.set(FileStat.S_IFREG | attribute.get().mode());
            stat.st_nlink.set(1);
            stat.st_size.set(path.startsWith("/proc/") ? 0 : SYSFS_FILE_SIZE);
            return 0;
        }
        if (isDirectory(path)) {
            stat.st_mode.set(FileStat.S_IFDIR | 0755);
            stat.st_nlink.set(2);
            return 0;
        }
        return -ErrorCodes.ENOENT();
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, long offset, FuseFileInfo fi) {
        List<AttrEntry> entries;
        try {
            entries = tree.list(path, privileged());
        } catch (ErrnoException e) {
            if (!path.equals("/dev")) {
                return -e.errno().number();
            }
            entries = List.of();
        }
        filler.apply(buf, ".", null, 0);
        filler.apply(buf, "..", null, 0);
        if (path.equals("/dev")) {
            filler.apply(buf, "mcelog", null, 0);
        }
        for (AttrEntry e : entries) {
            filler.apply(buf, e.name(), null, 0);
        }
        return 0;
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        try {
            if (path.equals(DEVICE)) {
                int flags = fi.flags.get();
                OptionalInt asked = callerFlags.of((int) getContext().pid.get());
                if (asked.isPresent()) {
                    flags |= asked.getAsInt() & OpenFlags.O_EXCL;
                }
                fi.fh.set(device.open(flags, privileged(), callerGroup.of(getContext().pid.get())));
                return 0;
            }
            if (tree.lookup(path).isEmpty()) {
                return -(isDirectory(path) ? ErrorCodes.EISDIR() : ErrorCodes.ENOENT());
            }
            fi.fh.set(nextAttrHandle.getAndIncrement());
            return 0;
        } catch (ErrnoException e) {
            return -e.errno().number();
        }
    }

    @Override
    public int read(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        long fh = fi.fh.get();
        byte[] data;
        try {
            if (path.equals(DEVICE)) {
                data = device.read(fh, (int) Math.min(size, Integer.MAX_VALUE));
                offset = 0;
            } else if (offset == 0 || !shown.containsKey(fh)) {
                data = tree.read(path, privileged());
                shown.put(fh, data);
            } else {
                data = shown.get(fh);
            }
        } catch (ErrnoException e) {
            return -e.errno().number();
        }
        int n = (int) Math.max(0, Math.min(size, data.length - offset));
        if (n > 0) {
            buf.put(0, data, (int) offset, n);
        }
        return n;
    }

    @Override
    public int write(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        byte[] data = new byte[(int) size];
        buf.get(0, data, 0, data.length);
        try {
            if (path.equals(DEVICE)) {
                return device.write(fi.fh.get(), data, privileged());
            }
            tree.write(path, data, privileged());
            return data.length;
        } catch (ErrnoException e) {
            return -e.errno().number();
        }
    }

    /** {@code O_TRUNC} of an attribute ({@code echo 1 > online}) is accepted and changes nothing, as in sysfs. */
    @Override
    public int truncate(String path, long size) {
        return path.equals(DEVICE) || tree.lookup(path).isPresent() ? 0 : -ErrorCodes.ENOENT();
    }

    @Override
    public int ioctl(String path, int cmd, Pointer arg, FuseFileInfo fi, long flags, Pointer data) {
        if (!path.equals(DEVICE)) {
            return -ErrorCodes.ENOTTY();
        }
        try {
            int value = device.ioctl(fi.fh.get(), cmd, privileged());
            data.putInt(0, value); // the three ioctls are _IOR(.., int): FUSE copies 4 bytes out
            return 0;
        } catch (ErrnoException e) {
            return -e.errno().number();
        }
    }

    @Override
    public int poll(String path, FuseFileInfo fi, FusePollhandle ph, Pointer reventsp) {
        if (!path.equals(DEVICE)) {
            return -ErrorCodes.ENOSYS(); // the kernel then reports an ordinary file's "always ready"
        }
        PollWakeup wakeup = ph == null || Struct.getMemory(ph) == null || Struct.getMemory(ph).address() == 0
                ? null : new LibfusePollWakeup(ph);
        try {
            reventsp.putInt(0, device.poll(fi.fh.get(), wakeup));
            return 0;
        } catch (ErrnoException e) {
            if (wakeup != null) {
                wakeup.discard();
            }
            return -e.errno().number();
        }
    }

    /**
     * {@code close(2)} of a file: /dev/mcelog is released here when the process that opened it
     * closes it, not in {@link #release}, which FUSE sends after the close has returned, so that an
     * open right after a close finds the device as the kernel leaves it ({@code mce_chrdev_release}
     * runs inside the closing call). FUSE reports every close, not the last: a copy closed in
     * another process (a child's, at its exec) is left to {@link #release}; a descriptor the owner
     * duplicated with dup(2) and closed while a copy stays open ends that open early, and the copy
     * then gets EBADF.
     */
    @Override
    public int flush(String path, FuseFileInfo fi) {
        if (path.equals(DEVICE)) {
            device.flush(fi.fh.get(), callerGroup.of(getContext().pid.get()));
        }
        return 0;
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        if (path.equals(DEVICE)) {
            device.release(fi.fh.get());
        } else {
            shown.remove(fi.fh.get());
        }
        return 0;
    }

    private boolean isDirectory(String path) {
        if (path.equals("/") || path.equals("/dev")) {
            return true;
        }
        try {
            tree.list(path, true);
            return true;
        } catch (ErrnoException e) {
            return false;
        }
    }

    /** The caller's privilege from its uid and group as FUSE reports them. */
    private boolean privileged() {
        FuseContext c = getContext();
        return policy.privileged((int) c.uid.get(), new int[] {(int) c.gid.get()});
    }

    /** A libfuse poll handle: notified once, or destroyed unused; never both. */
    private final class LibfusePollWakeup implements PollWakeup {
        private final FusePollhandle handle;
        private boolean done;

        LibfusePollWakeup(FusePollhandle handle) {
            this.handle = handle;
        }

        @Override
        public synchronized void wake() {
            if (!done) {
                done = true;
                libFuse.fuse_notify_poll(handle);
                libFuse.fuse_pollhandle_destroy(handle);
            }
        }

        @Override
        public synchronized void discard() {
            if (!done) {
                done = true;
                libFuse.fuse_pollhandle_destroy(handle);
            }
        }
    }
}
