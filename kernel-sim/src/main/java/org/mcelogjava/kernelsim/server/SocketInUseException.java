package org.mcelogjava.kernelsim.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A server is listening on the socket path a new server was to bind: the path is not free to take. */
public final class SocketInUseException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path socket;
    private final OptionalLong pid;

    SocketInUseException(Path socket, OptionalLong pid) {
        super(socket + " is in use by a running simulator"
                + (pid.isPresent() ? " (pid " + pid.getAsLong() + ")" : ""));
        this.socket = socket;
        this.pid = pid;
    }

    /** The socket path. */
    public Path socket() {
        return socket;
    }

    /** The listening process, when /proc lets this process see it. */
    public OptionalLong pid() {
        return pid;
    }
}
