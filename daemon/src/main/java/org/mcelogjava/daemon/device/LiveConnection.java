package org.mcelogjava.daemon.device;

import java.io.IOException;
import org.mcelogjava.client.DeviceConnection;

/**
 * The connection the device loop opened last, shared with the steps that read or write the
 * simulator's sysfs (cache sharing, page offlining), so the daemon keeps one connection and one
 * event loop instead of one per lookup. The loop opens it through {@link #opening}; while the loop
 * is reconnecting there is none, and a borrower is told so.
 */
public final class LiveConnection {

    private volatile McelogDeviceFile file;

    /** The loop's opener, remembering each device file it opens. */
    public DeviceLoop.Opener opening(DeviceLoop.Opener opener) {
        return () -> {
            RecordDevice f = opener.open();
            if (f instanceof McelogDeviceFile socketFile) {
                file = socketFile;
            }
            return f;
        };
    }

    /**
     * The loop's connection now.
     *
     * @throws IOException the loop has no open connection (not connected yet, or reconnecting)
     */
    public DeviceConnection connection() throws IOException {
        McelogDeviceFile f = file;
        if (f == null || !f.isOpen()) {
            throw new IOException("not connected to the simulator's device (the daemon is reconnecting)");
        }
        return f.connection();
    }
}
