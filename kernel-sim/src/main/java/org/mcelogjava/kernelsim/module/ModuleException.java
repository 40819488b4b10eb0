package org.mcelogjava.kernelsim.module;

/**
 * A refused insmod or rmmod: the errno the syscall returns and the one line the kmod tool prints
 * ({@code insmod: ERROR: could not insert module b.jar: Unknown symbol in module}). The kernel's
 * own lines are in the kernel log.
 */
public final class ModuleException extends Exception {

    private static final long serialVersionUID = 1L;

    public static final int ENOENT = 2;
    public static final int ENOEXEC = 8;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;

    private final int errno;

    public ModuleException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public ModuleException(int errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** The positive errno ({@code ENOENT}, {@code EBUSY}, ...). */
    public int errno() {
        return errno;
    }
}
