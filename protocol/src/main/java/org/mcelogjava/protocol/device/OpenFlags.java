package org.mcelogjava.protocol.device;

/**
 * The {@code open(2)} flags an OPEN request carries, with their Linux x86 values. Only the access
 * mode, {@code O_EXCL} and {@code O_NONBLOCK} mean anything to {@code mce_chrdev_open}; the
 * protocol refuses every other bit but one simulator extension, {@link #EXCL_READERS}
 * (PROTOCOL.md §5, OPEN, and §12).
 */
public final class OpenFlags {

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    /** Mask of the access mode; the value 3 is invalid. */
    public static final int O_ACCMODE = 3;
    /** Exclusive open: {@code mce_chrdev_open} answers EBUSY if anyone else holds the device. */
    public static final int O_EXCL = 0x80;
    /** Accepted and kept; {@code mce_chrdev_read} never blocks anyway. */
    public static final int O_NONBLOCK = 0x800;
    /**
     * Simulator extension, not a Linux flag: the only reader. The open fails EBUSY while another
     * handle is open for reading, and while it is held every open for reading fails EBUSY, while
     * opens for writing only ({@code O_WRONLY}, mce-inject's legacy writes) still succeed. A reader
     * that must not lose records to another one (the daemon) asks for it; plain {@code O_EXCL}
     * would lock out the writers too, as {@code mce_chrdev_open} does. Needs a readable access mode.
     */
    public static final int EXCL_READERS = 0x40000000;
    /** Every bit an OPEN request may set. */
    public static final int VALID_MASK = O_ACCMODE | O_EXCL | O_NONBLOCK | EXCL_READERS;

    private OpenFlags() {
    }

    /**
     * Whether {@code flags} uses only {@link #VALID_MASK} bits, a valid access mode, and
     * {@link #EXCL_READERS} only with a readable one.
     */
    public static boolean isValid(int flags) {
        return (flags & ~VALID_MASK) == 0 && (flags & O_ACCMODE) != O_ACCMODE
                && (!exclusiveReader(flags) || readable(flags));
    }

    public static boolean exclusive(int flags) {
        return (flags & O_EXCL) != 0;
    }

    /** Whether the open asks to be the only reader ({@link #EXCL_READERS}). */
    public static boolean exclusiveReader(int flags) {
        return (flags & EXCL_READERS) != 0;
    }

    /** Whether the access mode allows {@code write(2)}: O_WRONLY or O_RDWR. */
    public static boolean writable(int flags) {
        return (flags & O_ACCMODE) != O_RDONLY;
    }

    /** Whether the access mode allows {@code read(2)}: O_RDONLY or O_RDWR. */
    public static boolean readable(int flags) {
        return (flags & O_ACCMODE) != O_WRONLY;
    }
}
