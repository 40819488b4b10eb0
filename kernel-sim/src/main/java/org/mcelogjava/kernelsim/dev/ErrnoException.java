package org.mcelogjava.kernelsim.dev;

import org.mcelogjava.protocol.device.Errno;

/** A file operation failed with the errno the kernel would return ({@code -EINVAL} and friends). */
public final class ErrnoException extends Exception {

    private final Errno errno;

    public ErrnoException(Errno errno, String detail) {
        super(errno.name() + ": " + detail);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
