package org.mcelogjava.kernelsim.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The process (thread group) a FUSE request's thread belongs to, read from {@code /proc/TID/status}.
 * FUSE names the calling thread, not its process, and sends a FLUSH for every {@code close(2)} of a
 * descriptor, including a child's copy closed at its exec; the process tells the owner's own close
 * from a copy's.
 */
final class CallerThreadGroup {

    private static final String TGID = "Tgid:";

    private final Path proc;

    /** @param proc where procfs is mounted ({@code /proc}) */
    CallerThreadGroup(Path proc) {
        this.proc = proc;
    }

    /** The thread group id of thread {@code tid}; empty when it is gone or cannot be read. */
    OptionalInt of(long tid) {
        if (tid <= 0) {
            return OptionalInt.empty();
        }
        try {
            return Files.readAllLines(proc.resolve(tid + "/status")).stream()
                    .filter(line -> line.startsWith(TGID))
                    .mapToInt(line -> Integer.parseInt(line.substring(TGID.length()).trim()))
                    .findFirst();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
