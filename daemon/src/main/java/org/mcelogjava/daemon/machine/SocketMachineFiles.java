package org.mcelogjava.daemon.machine;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.Errno;

/**
 * The simulated machine's files through its device socket (ATTR_READ, ATTR_WRITE, ATTR_LIST,
 * PROTOCOL.md), on a connection lent for each call: the daemon's one device connection, or a
 * short-lived one for the start-up checks. The errno the simulator answers becomes the file
 * system's exception with strerror's words.
 */
public final class SocketMachineFiles implements MachineFiles {

    /** Lends the connection now; never closed by the borrower. */
    @FunctionalInterface
    public interface Link {
        /** @throws IOException not connected (the simulator is away; the loop is reconnecting) */
        DeviceConnection connection() throws IOException;
    }

    private final Link link;

    public SocketMachineFiles(Link link) {
        this.link = link;
    }

    @Override
    public byte[] readBytes(String path) throws IOException {
        try {
            return link.connection().readAttribute(path);
        } catch (DeviceException e) {
            throw failure(path, e);
        }
    }

    @Override
    public String readText(String path) throws IOException {
        try {
            return link.connection().readText(path);
        } catch (DeviceException e) {
            throw failure(path, e);
        }
    }

    @Override
    public void writeText(String path, String text) throws IOException {
        try {
            link.connection().writeText(path, text);
        } catch (DeviceException e) {
            throw failure(path, e);
        }
    }

    @Override
    public List<AttrEntry> list(String dir) throws IOException {
        try {
            return link.connection().list(dir);
        } catch (DeviceException e) {
            throw failure(dir, e);
        }
    }

    @Override
    public boolean privileged() throws IOException {
        return link.connection().privileged();
    }

    private static FileSystemException failure(String path, DeviceException e) {
        FileSystemException f = e.errno() == Errno.ENOENT ? new NoSuchFileException(path)
                : new FileSystemException(path, null, e.errno().description());
        f.initCause(e);
        return f;
    }
}
