package org.mcelogjava.client;

import io.netty.channel.unix.Errors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mcelogjava.protocol.device.Errno;

/**
 * The reason a file or socket operation failed, as {@code strerror(3)} words it ("No such file or
 * directory", "Permission denied"), for the one-line messages the tools print. The JDK's
 * {@link FileSystemException}s carry the reason in their type, Netty's connect failures in an errno
 * or in no message at all (ENOENT is a bare {@link FileNotFoundException}); this gives one text for
 * all of them, and never "null".
 */
public final class IoReason {

    /** Netty's "connect(..) failed with error(-111): Connection refused" and the like. */
    private static final Pattern NATIVE = Pattern.compile("failed with error\\(-?\\d+\\): (.+?)(?:: /.*)?$");
    /** java.io's "PATH (REASON)" of a file it could not open. */
    private static final Pattern PATH_AND_REASON = Pattern.compile(".* \\((.+)\\)$");

    private IoReason() {
    }

    /**
     * A server's failure to bind {@code address}: {@code cannot listen on HOST:PORT: REASON}, the host as
     * configured ({@code [HOST]:PORT} for an IPv6 address).
     */
    public static IOException cannotListen(InetSocketAddress address, IOException failure) {
        String host = address.getHostString();
        return new IOException("cannot listen on " + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + address.getPort() + ": " + of(failure), failure);
    }

    /** The reason {@code failure} names, in strerror's words where it has an errno. */
    public static String of(Throwable failure) {
        if (failure instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (failure instanceof NoSuchFileException || failure instanceof FileNotFoundException
                && failure.getMessage() == null) {
            return Errno.ENOENT.description();
        }
        if (failure instanceof FileNotFoundException && failure.getMessage() != null) {
            Matcher m = PATH_AND_REASON.matcher(failure.getMessage());
            if (m.matches()) {
                return m.group(1);
            }
        }
        if (failure instanceof AccessDeniedException) {
            return Errno.EACCES.description();
        }
        if (failure instanceof FileAlreadyExistsException) {
            return Errno.EEXIST.description();
        }
        if (failure instanceof NotDirectoryException) {
            return Errno.ENOTDIR.description();
        }
        if (failure instanceof DirectoryNotEmptyException) {
            return Errno.ENOTEMPTY.description();
        }
        if (failure instanceof ClosedChannelException) {
            return "connection closed by the peer";
        }
        if (failure instanceof NotLinkException) {
            return "Not a symbolic link";
        }
        String message = failure.getMessage();
        Matcher m = NATIVE.matcher(String.valueOf(message));
        if (m.find()) {
            return m.group(1);
        }
        if (failure instanceof Errors.NativeIoException n) {
            return Errno.fromNumber(-n.expectedErr()).map(Errno::description).orElse("error " + -n.expectedErr());
        }
        if (message != null && !message.isBlank()) {
            return message;
        }
        return failure.getCause() != null && failure.getCause() != failure
                ? of(failure.getCause()) : failure.getClass().getSimpleName();
    }

    /**
     * Why connect(2) to the Unix socket {@code path} failed. Linux answers ECONNREFUSED for a path
     * that is not a socket at all, which would send the user looking for a dead server: the file's
     * type says more.
     */
    public static String ofConnect(Path path, Throwable failure) {
        if (Files.isDirectory(path)) {
            return "not a socket but a directory";
        }
        if (Files.isRegularFile(path)) {
            return "not a socket but a regular file";
        }
        return of(failure);
    }
}
