package org.mcelogjava.daemon.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The daemon's pidfile ({@code --pidfile}, default {@code /var/run/mcelog.pid}), holding the pid as
 * mcelog writes it ({@code %u}, no newline). Created exclusively, so two daemons cannot both
 * believe they own it; a pidfile left by a daemon that died without cleaning up (kill -9, power
 * loss) names a process that no longer exists and is replaced. Removed on {@link #close()}.
 */
public final class PidFile implements AutoCloseable {

    private final Path path;
    private final long pid;
    private boolean removed;

    private PidFile(Path path, long pid) {
        this.path = path;
        this.pid = pid;
    }

    /**
     * Claims {@code path} for the current process.
     *
     * @throws AlreadyRunningException a live process holds the pidfile
     */
    public static PidFile claim(Path path) throws IOException, AlreadyRunningException {
        Path absolute = path.toAbsolutePath();
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.writeString(absolute, Long.toString(pid), StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new PidFile(absolute, pid);
            } catch (FileAlreadyExistsException e) {
                Optional<Long> holder = readPid(absolute);
                if (holder.isPresent() && holder.get() != pid && ProcessHandle.of(holder.get()).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new AlreadyRunningException(absolute, holder.get());
                }
                Files.deleteIfExists(absolute); // stale: its process is gone
            }
        }
        throw new IOException("cannot create pidfile " + absolute + ": it keeps reappearing");
    }

    private static Optional<Long> readPid(Path path) {
        try {
            return Optional.of(Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public Path path() {
        return path;
    }

    /** Removes the pidfile if it still names this process. */
    @Override
    public synchronized void close() {
        if (removed) {
            return;
        }
        removed = true;
        if (readPid(path).filter(p -> p == pid).isPresent()) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // Nothing more to do at exit; a stale pidfile is recognised by the next start.
            }
        }
    }

    /** Another live daemon holds the pidfile. */
    public static final class AlreadyRunningException extends Exception {
        private final long pid;

        AlreadyRunningException(Path path, long pid) {
            super("mcelog server already running (pid " + pid + ", " + path + ")");
            this.pid = pid;
        }

        public long pid() {
            return pid;
        }
    }
}
