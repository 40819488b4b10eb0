package org.mcelogjava.client;

import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.Operation;

/** The simulated kernel answered a request with an errno, as a system call would fail. */
public final class DeviceException extends Exception {

    private final Operation operation;
    private final Errno errno;

    public DeviceException(Operation operation, Errno errno, String what) {
        super(what + ": " + errno.name() + " (" + errno.description() + ")");
        this.operation = operation;
        this.errno = errno;
    }

    public Operation operation() {
        return operation;
    }

    public Errno errno() {
        return errno;
    }
}
