package org.mcelogjava.client;

import java.io.IOException;

/**
 * The device socket could not be reached, or what answered there does not speak the device
 * protocol: the connection never existed. Its message is one line naming the socket and the reason,
 * {@code cannot connect to /run/mce-sim/mcelog: No such file or directory}; {@link #reason()} is the
 * reason alone, for messages worded by the caller ("waiting for ...: REASON").
 */
public final class DeviceUnreachableException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String target;
    private final String reason;
    private final boolean noServer;

    /**
     * @param noServer nothing is serving there: the socket is absent or refuses connections
     */
    public DeviceUnreachableException(String target, String reason, boolean noServer, Throwable cause) {
        super("cannot connect to " + target + ": " + reason, cause);
        this.target = target;
        this.reason = reason;
        this.noServer = noServer;
    }

    /** The socket path or address that was tried. */
    public String target() {
        return target;
    }

    /** Whether nothing serves there (absent, or refused), so starting the simulator is the likely cure. */
    public boolean noServer() {
        return noServer;
    }

    /** Why it could not be used, e.g. "Connection refused". */
    public String reason() {
        return reason;
    }
}
