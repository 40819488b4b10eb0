package org.mcelogjava.kernelsim.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Makes a socket path free for a server to bind, without taking it from a live one. Binding a Unix
 * socket needs the path free, and unlinking a live server's socket would leave that server running
 * but unreachable. So the path is probed first, by connecting as a client would: nothing there is
 * free; a connection means a live server ({@link SocketInUseException}); ECONNREFUSED on a socket
 * file means its server died without removing it, and the stale file is removed. A path that is not
 * a socket is never removed.
 */
final class SocketClaim {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    /** {@code __SO_ACCEPTCON} in /proc/net/unix's Flags: the socket is listening. */
    private static final int ACCEPTCON = 0x10000;

    private SocketClaim() {
    }

    /** Leaves {@code socket} free to bind, or says why it cannot be. */
    static void claim(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new FileAlreadyExistsException(socket.toString(), null, "exists and is not a socket");
        }
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(socket)).close(); // it answered: someone serves it
            throw new SocketInUseException(socket, listener(socket));
        } catch (ConnectException refused) {
            Files.deleteIfExists(socket);
        }
    }

    /**
     * The process listening on {@code socket}: its inode from /proc/net/unix, then the process
     * holding {@code socket:[inode]} among the /proc/PID/fd this process may read.
     */
    private static OptionalLong listener(Path socket) {
        try {
            String inode = null;
            List<String> lines = Files.readAllLines(Path.of("/proc/net/unix"));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 8 && f[7].equals(socket.toAbsolutePath().toString())
                        && (Integer.parseInt(f[3], 16) & ACCEPTCON) != 0) {
                    inode = f[6];
                }
            }
            if (inode == null) {
                return OptionalLong.empty();
            }
            String target = "socket:[" + inode + "]";
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    if (holds(proc.resolve("fd"), target)) {
                        return OptionalLong.of(Long.parseLong(proc.getFileName().toString()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the pid is a courtesy: without it the message still names the socket
        }
        return OptionalLong.empty();
    }

    private static boolean holds(Path fds, String target) {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(fds)) {
            for (Path fd : stream) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(target)) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // another user's process, or gone
        }
        return false;
    }
}
