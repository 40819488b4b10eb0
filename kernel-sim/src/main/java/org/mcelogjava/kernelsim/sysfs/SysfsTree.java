package org.mcelogjava.kernelsim.sysfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.mcelogjava.kernelsim.dev.ErrnoException;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.Errno;

/**
 * The simulated kernel's sysfs and debugfs: attribute files at the kernel's own paths, directories
 * implied by them, and the permission checks the VFS makes before a {@code show} or {@code store}
 * runs.
 *
 * <p>Every node belongs to root:root. A privileged caller (uid 0 or configured as admin) has
 * CAP_DAC_OVERRIDE and passes every mode check; anybody else gets the "other" permission bits:
 * search (x) on every directory on the way and read (r) or write (w) on the file. debugfs is mounted
 * 0700, so nothing under {@code /sys/kernel/debug} is reachable without privilege. A file without a
 * {@code show} (or {@code store}) refuses reads (writes) with EACCES even to root.
 *
 * <p>Thread-safe: attributes come and go (CPU hotplug) while clients read.
 */
public final class SysfsTree {

    private static final String DEBUGFS = "/sys/kernel/debug";
    private static final int DIR_MODE = 0755;
    private static final int DEBUGFS_MODE = 0700;
    private static final int OTHER_R = 04;
    private static final int OTHER_W = 02;
    private static final int OTHER_X = 01;

    private final NavigableMap<String, Attribute> files = new ConcurrentSkipListMap<>();

    /** Adds or replaces the file at {@code path} (absolute, no trailing slash). */
    public void register(String path, Attribute attribute) {
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw new IllegalArgumentException("not a canonical absolute path: " + path);
        }
        files.put(path, attribute);
    }

    /** Removes the file at {@code path}, and every file below it if it is a directory. */
    public void unregister(String path) {
        files.remove(path);
        files.subMap(path + "/", path + "0").clear(); // '0' sorts right after '/'
    }

    /** {@code read(2)} of the whole file. */
    public byte[] read(String path, boolean privileged) throws ErrnoException {
        Attribute a = file(path, privileged);
        if (a.show() == null || !privileged && (a.mode() & OTHER_R) == 0) {
            throw new ErrnoException(Errno.EACCES, path + " is not readable");
        }
        return a.show().show();
    }

    /** {@code write(2)} of {@code value} at offset 0; returns what the store returned. */
    public int write(String path, byte[] value, boolean privileged) throws ErrnoException {
        Attribute a = file(path, privileged);
        if (a.store() == null || !privileged && (a.mode() & OTHER_W) == 0) {
            throw new ErrnoException(Errno.EACCES, path + " is not writable");
        }
        return a.store().store(value, privileged);
    }

    /** The entries of a directory, files and subdirectories, in name order. */
    public List<AttrEntry> list(String path, boolean privileged) throws ErrnoException {
        String dir = path.equals("/") ? "" : path;
        if (files.containsKey(dir)) {
            throw new ErrnoException(Errno.ENOTDIR, path);
        }
        if (!isDirectory(dir)) {
            throw new ErrnoException(Errno.ENOENT, path);
        }
        checkSearch(dir + "/x", privileged);
        if (!privileged && (directoryMode(dir) & OTHER_R) == 0) {
            throw new ErrnoException(Errno.EACCES, path);
        }
        List<AttrEntry> entries = new ArrayList<>();
        String prefix = dir + "/";
        String lastDir = null;
        for (Map.Entry<String, Attribute> e : files.subMap(prefix, prefix + Character.MAX_VALUE).entrySet()) {
            String rest = e.getKey().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                entries.add(new AttrEntry(rest, AttrEntry.Kind.FILE, e.getValue().mode()));
            } else {
                String sub = rest.substring(0, slash);
                if (!sub.equals(lastDir)) {
                    entries.add(new AttrEntry(sub, AttrEntry.Kind.DIRECTORY, directoryMode(prefix + sub)));
                    lastDir = sub;
                }
            }
        }
        entries.sort((x, y) -> x.name().compareTo(y.name()));
        return List.copyOf(entries);
    }

    /** The attribute at {@code path}, if there is a file there. */
    public Optional<Attribute> lookup(String path) {
        return Optional.ofNullable(files.get(path));
    }

    private Attribute file(String path, boolean privileged) throws ErrnoException {
        Attribute a = files.get(path);
        if (a == null) {
            throw new ErrnoException(isDirectory(path) ? Errno.EISDIR : Errno.ENOENT, path);
        }
        checkSearch(path, privileged);
        return a;
    }

    /** Search permission on every directory above {@code path}. */
    private void checkSearch(String path, boolean privileged) throws ErrnoException {
        if (privileged) {
            return;
        }
        for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if ((directoryMode(path.substring(0, slash)) & OTHER_X) == 0) {
                throw new ErrnoException(Errno.EACCES, path);
            }
        }
    }

    private boolean isDirectory(String path) {
        if (path.isEmpty() || path.equals("/")) {
            return true;
        }
        String prefix = path + "/";
        String next = files.ceilingKey(prefix);
        return next != null && next.startsWith(prefix);
    }

    private static int directoryMode(String dir) {
        return dir.equals(DEBUGFS) ? DEBUGFS_MODE : DIR_MODE;
    }
}
