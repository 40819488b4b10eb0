package org.mcelogjava.daemon.machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.mcelogjava.protocol.device.AttrEntry;

/**
 * The machine's files in the file system, under a root: {@code /} on a real machine (and inside
 * {@code mce-sim sandbox}, where the simulator's files are bind-mounted over the stock paths), or
 * the directory {@code mce-sim run --mount DIR} serves. A sysfs store is one {@code write(2)} of
 * the text to the file opened for writing, as {@code echo} does and mcelog's {@code offline_action}
 * does; the kernel's answer to it (EBUSY, EINVAL, ...) is the exception's reason.
 */
public final class LocalMachineFiles implements MachineFiles {

    /** stat(2)'s file type bits, and the type of a directory. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;

    private final Path root;

    /** @param root the directory the machine's absolute paths are resolved in */
    public LocalMachineFiles(Path root) {
        this.root = root;
    }

    /** The file {@code path} (absolute on the machine) names here. */
    Path file(String path) {
        return root.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    @Override
    public byte[] readBytes(String path) throws IOException {
        return Files.readAllBytes(file(path));
    }

    @Override
    public String readText(String path) throws IOException {
        return new String(readBytes(path), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void writeText(String path, String text) throws IOException {
        Files.write(file(path), text.getBytes(StandardCharsets.ISO_8859_1), StandardOpenOption.WRITE);
    }

    @Override
    public List<AttrEntry> list(String dir) throws IOException {
        List<AttrEntry> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(file(dir))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                int mode = (Integer) Files.getAttribute(p, "unix:mode"); // one stat: type and permissions
                AttrEntry.Kind kind = (mode & S_IFMT) == S_IFDIR ? AttrEntry.Kind.DIRECTORY : AttrEntry.Kind.FILE;
                entries.add(new AttrEntry(p.getFileName().toString(), kind, mode & 07777));
            }
        }
        return List.copyOf(entries);
    }

    /** The effective uid is 0 ({@code /proc/self/status}'s second {@code Uid:} field). */
    @Override
    public boolean privileged() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[2].equals("0");
            }
        }
        return false;
    }
}
