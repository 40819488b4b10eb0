package org.mcelogjava.daemon.act;

import java.io.IOException;
import org.mcelogjava.client.DeviceConnection;

/**
 * The daemon's one connection to the simulator's device, lent to an executor for a sysfs read or
 * write: the same connection the device loop reads records on (requests are tagged, so a sysfs
 * request does not wait behind the loop's poll). The borrower never closes it.
 */
@FunctionalInterface
public interface DeviceLink {

    /**
     * The connection now.
     *
     * @throws IOException not connected (the simulator is away; the loop is reconnecting)
     */
    DeviceConnection connection() throws IOException;
}
