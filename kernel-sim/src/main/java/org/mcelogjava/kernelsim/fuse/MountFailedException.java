package org.mcelogjava.kernelsim.fuse;

import java.io.IOException;

/** The machine cannot be mounted; the message names the directory and the reason. */
public final class MountFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    MountFailedException(String message) {
        super(message);
    }

    MountFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
