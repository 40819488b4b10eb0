package org.mcelogjava.daemon.act;

import java.io.IOException;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.daemon.machine.MachineFiles;
import org.mcelogjava.daemon.policy.PageOffliner;

/**
 * The real {@link PageOffliner}: writes the page address as mcelog's {@code "%#llx"} to
 * {@code /sys/devices/system/memory/soft_offline_page} or {@code hard_offline_page} of the machine
 * the daemon reads: the simulator's through its device socket, a real machine's (or the
 * simulator's mounted one) in the file system. A refusal becomes an {@link IOException} whose
 * message is the errno's text, as mcelog logs {@code strerror(errno)}.
 */
public final class SysfsPageOffliner implements PageOffliner {

    static final String SOFT = "/sys/devices/system/memory/soft_offline_page";
    static final String HARD = "/sys/devices/system/memory/hard_offline_page";

    private final MachineFiles machine;

    public SysfsPageOffliner(MachineFiles machine) {
        this.machine = machine;
    }

    @Override
    public void offline(long address, Kind kind) throws IOException {
        String text = address == 0 ? "0" : "0x" + Long.toHexString(address);
        try {
            machine.writeText(kind == Kind.SOFT ? SOFT : HARD, text);
        } catch (IOException e) {
            throw new IOException(IoReason.of(e), e); // what mcelog's strerror would say
        }
    }
}
