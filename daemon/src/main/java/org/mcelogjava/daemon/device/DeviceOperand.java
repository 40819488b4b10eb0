package org.mcelogjava.daemon.device;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.daemon.machine.LocalMachineFiles;
import org.mcelogjava.daemon.machine.MachineFiles;
import org.mcelogjava.daemon.machine.SocketMachineFiles;

/**
 * What mcelog's device operand names, and so how the daemon reads it: the simulator's device
 * socket (the socket protocol, PROTOCOL.md) or a {@code /dev/mcelog} file, the kernel's character
 * device or the simulator's mounted one ({@code mce-sim run --mount DIR} serves {@code DIR/dev/mcelog}
 * as a regular file), read with the system calls. A path that does not exist (yet) is taken for a
 * socket, as before files could be read: a daemon waits for the simulator to create it.
 */
public sealed interface DeviceOperand {

    /** The operand as given. */
    Path path();

    /** The device as the daemon's outage lines name it ("lost ...", "reconnected to ..."). */
    String name();

    /**
     * Opens the device for reading records.
     *
     * @param onlyReader a daemon: the simulator's socket keeps other readers out (PROTOCOL.md §12);
     *                   a file is opened as mcelog opens it either way
     */
    RecordDevice open(String identity, boolean onlyReader) throws IOException, DeviceException;

    /**
     * The machine's files for the daemon's executors (cache lookups, page offlining): the
     * simulator's over the device loop's connection ({@code live}), or the file system's.
     */
    MachineFiles machine(LiveConnection live);

    /** The simulator's device socket. */
    record Socket(Path path) implements DeviceOperand {
        @Override
        public String name() {
            return "the simulator's device";
        }

        @Override
        public McelogDeviceFile open(String identity, boolean onlyReader) throws IOException, DeviceException {
            return McelogDeviceFile.open(path, identity, onlyReader);
        }

        @Override
        public MachineFiles machine(LiveConnection live) {
            return new SocketMachineFiles(live::connection);
        }
    }

    /**
     * A device file, with the machine's other files (/proc, /sys) under {@link #machineRoot()}.
     */
    record File(Path path) implements DeviceOperand {
        @Override
        public String name() {
            return path.toString();
        }

        @Override
        public CharacterDeviceFile open(String identity, boolean onlyReader) throws IOException, DeviceException {
            return CharacterDeviceFile.open(path);
        }

        @Override
        public MachineFiles machine(LiveConnection live) {
            return files();
        }

        /** The machine's files under {@link #machineRoot()}. */
        public MachineFiles files() {
            return new LocalMachineFiles(machineRoot());
        }

        /**
         * Where the machine's {@code proc/} and {@code sys/} are: the directory that holds
         * {@code dev/} when the file is {@code .../dev/NAME} ({@code /} for {@code /dev/mcelog},
         * {@code DIR} for a mount's {@code DIR/dev/mcelog}), else {@code /}.
         */
        public Path machineRoot() {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("dev")
                    && parent.getParent() != null) {
                return parent.getParent();
            }
            return Path.of("/");
        }
    }

    /**
     * The operand {@code path} names, by what it is.
     *
     * @throws IOException it is neither a socket nor a character device nor a regular file (the
     *                     message names the path and what it is), or it cannot be examined
     */
    static DeviceOperand of(Path path) throws IOException {
        String kind;
        try {
            kind = kind(path);
        } catch (NoSuchFileException e) {
            return new Socket(path);
        }
        return switch (kind) {
            case "socket" -> new Socket(path);
            case "character device", "regular file" -> new File(path);
            default -> throw new FileSystemException(path.toString(), null, "is a " + kind
                    + ", not a device (the simulator's socket, a character device or a mounted device file)");
        };
    }

    /** {@code stat}'s file type, as the JDK's unix attributes carry it in {@code mode}. */
    private static String kind(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode");
        return switch (mode & 0170000) {
            case 0020000 -> "character device";
            case 0060000 -> "block device";
            case 0010000 -> "FIFO";
            case 0140000 -> "socket";
            case 0040000 -> "directory";
            case 0100000 -> "regular file";
            default -> "special file";
        };
    }
}
