package org.mcelogjava.daemon.device;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.daemon.machine.MachineFiles;
import org.mcelogjava.daemon.machine.SocketMachineFiles;

/**
 * The device as mcelog's start-up checks left it ({@code main} in mcelog.c checks the CPU, the DMI
 * tables and, for a daemon, the page offline interface before it reads): the operand, and for the
 * simulator's socket the one connection the checks read the machine through, which then becomes the
 * first device the records are read from ({@link #open}), so a run holds one connection, not one per
 * check. A device file is opened once, as mcelog opens it before its checks, and that open file is the
 * first device the records are read from; its machine's files are the file system's.
 */
public final class StartupDevice implements AutoCloseable {

    private final DeviceOperand operand;
    private final String identity;
    private final AtomicReference<DeviceConnection> connection;
    private final AtomicReference<RecordDevice> openedFile;

    private StartupDevice(DeviceOperand operand, DeviceConnection connection, RecordDevice openedFile,
                          String identity) {
        this.operand = operand;
        this.identity = identity;
        this.connection = new AtomicReference<>(connection);
        this.openedFile = new AtomicReference<>(openedFile);
    }

    /** The simulator's socket, with the connection the checks use; this owns it until {@link #open}. */
    public static StartupDevice socket(DeviceOperand.Socket socket, DeviceConnection connection, String identity) {
        return new StartupDevice(socket, connection, null, identity);
    }

    /**
     * A device file, read with the system calls, already {@code opened} (this owns it until
     * {@link #open}); the checks read the file system.
     */
    public static StartupDevice file(DeviceOperand.File file, RecordDevice opened, String identity) {
        return new StartupDevice(file, null, opened, identity);
    }

    /** What the command line named. */
    public DeviceOperand operand() {
        return operand;
    }

    /**
     * The machine's files for the start-up checks: for the socket over the start-up connection (a
     * check after {@link #open} took it is told so), for a file the file system's.
     */
    public MachineFiles machine() {
        if (operand instanceof DeviceOperand.File file) {
            return file.files();
        }
        return new SocketMachineFiles(() -> {
            DeviceConnection c = connection.get();
            if (c == null) {
                throw new IOException("the start-up connection to " + operand.path()
                        + " now belongs to the device loop");
            }
            return c;
        });
    }

    /**
     * Opens the device for reading records: the first time on the start-up connection while it is
     * up, every other time anew (the loop reconnecting), as {@link DeviceOperand#open}.
     *
     * @param onlyReader a daemon (PROTOCOL.md §12)
     */
    public RecordDevice open(boolean onlyReader) throws IOException, DeviceException {
        RecordDevice file = openedFile.getAndSet(null);
        if (file != null) {
            return file;
        }
        DeviceConnection first = connection.getAndSet(null);
        if (first != null && first.isOpen()) {
            return McelogDeviceFile.open(first, onlyReader);
        }
        if (first != null) {
            first.close();
        }
        return operand.open(identity, onlyReader);
    }

    /** Closes the start-up connection or file unless {@link #open} took it. */
    @Override
    public void close() {
        Optional.ofNullable(connection.getAndSet(null)).ifPresent(DeviceConnection::close);
        RecordDevice file = openedFile.getAndSet(null);
        if (file != null) {
            file.close();
        }
    }
}
