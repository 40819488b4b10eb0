package org.mcelogjava.daemon.act;

import java.io.IOException;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.daemon.policy.PageOffliner;

/**
 * The real {@link PageOffliner}: writes the page address as mcelog's {@code "%#llx"} to
 * {@code /sys/devices/system/memory/soft_offline_page} or {@code hard_offline_page} through the
 * device connection, the same path a real machine has. A refusal becomes an {@link IOException}
 * whose message is the errno's text, as mcelog logs {@code strerror(errno)}.
 */
public final class SysfsPageOffliner implements PageOffliner {

    static final String SOFT = "/sys/devices/system/memory/soft_offline_page";
    static final String HARD = "/sys/devices/system/memory/hard_offline_page";

    private final DeviceLink device;

    /** Offlines through the daemon's one device connection. */
    public SysfsPageOffliner(DeviceLink device) {
        this.device = device;
    }

    @Override
    public void offline(long address, Kind kind) throws IOException {
        String text = address == 0 ? "0" : "0x" + Long.toHexString(address);
        try {
            device.connection().writeText(kind == Kind.SOFT ? SOFT : HARD, text);
        } catch (DeviceException e) {
            throw new IOException(e.errno().description(), e); // what mcelog's strerror would say
        }
    }
}
