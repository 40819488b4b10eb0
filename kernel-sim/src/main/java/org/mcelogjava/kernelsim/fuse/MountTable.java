package org.mcelogjava.kernelsim.fuse;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code /proc/self/mountinfo} says about one directory: whether a FUSE file system is mounted
 * there, and whether it is alive. A simulator killed without its stop leaves its mount behind with
 * nobody serving it: every access fails with ENOTCONN ("Transport endpoint is not connected").
 */
final class MountTable {

    private final Path mountinfo;

    /** @param mountinfo {@code /proc/self/mountinfo} */
    MountTable(Path mountinfo) {
        this.mountinfo = mountinfo;
    }

    /** Whether a FUSE file system is mounted on {@code dir} (absolute, normalized). */
    boolean fuseMountedOn(Path dir) throws IOException {
        String wanted = dir.toAbsolutePath().normalize().toString();
        List<String> lines = Files.readAllLines(mountinfo);
        for (String line : lines) {
            // id parent major:minor root mountpoint options [optional...] - fstype source super-options
            String[] f = line.split(" ");
            int dash = line.indexOf(" - ");
            if (f.length < 5 || dash < 0) {
                continue;
            }
            String fstype = line.substring(dash + 3).split(" ")[0];
            if (unescape(f[4]).equals(wanted) && fstype.startsWith("fuse")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the FUSE mount on {@code dir} has lost its server (ENOTCONN on access). */
    static boolean stale(Path dir) {
        try {
            Files.readAttributes(dir, "unix:mode");
            return false;
        } catch (FileSystemException e) {
            return e.getReason() != null && e.getReason().contains("not connected");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as octal ({@code \040}). */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
