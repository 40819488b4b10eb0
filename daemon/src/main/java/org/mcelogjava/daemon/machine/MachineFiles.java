package org.mcelogjava.daemon.machine;

import java.io.IOException;
import java.util.List;
import org.mcelogjava.protocol.device.AttrEntry;

/**
 * The machine's files beside {@code /dev/mcelog} that mcelog reads and writes: {@code /proc/cpuinfo},
 * {@code /sys/devices/system/cpu/cpuN/cache/...}, {@code /sys/devices/system/memory/*_offline_page},
 * {@code /sys/firmware/dmi/entries/...}. Named by their absolute paths on a real machine; reached
 * through the simulator's device socket ({@link SocketMachineFiles}) or the file system
 * ({@link LocalMachineFiles}), as the daemon's device is.
 *
 * <p>Failures are {@link IOException}s whose {@code IoReason} is strerror's text; a missing file is
 * a {@link java.nio.file.NoSuchFileException}.
 */
public interface MachineFiles {

    byte[] readBytes(String path) throws IOException;

    String readText(String path) throws IOException;

    /** Writes {@code text} as one write, as {@code echo TEXT > PATH} would. */
    void writeText(String path, String text) throws IOException;

    /** The directory's entries. */
    List<AttrEntry> list(String dir) throws IOException;

    /** Whether this daemon holds root's rights on these files (else only "other" mode bits apply). */
    boolean privileged() throws IOException;
}
