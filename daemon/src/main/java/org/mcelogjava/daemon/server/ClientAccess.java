package org.mcelogjava.daemon.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Who may use the client socket ({@code server.c}'s access check): uid 0 always, the configured
 * {@code client-user}, members of {@code client-group}; anybody when {@code client-user = *} (what
 * mcelog's shipped comment promises but its code does not do). Names are resolved once at start
 * from the passwd and group files; a name that does not resolve is a start-up error.
 *
 * @param uid     admitted uid besides 0, if any
 * @param gid     admitted gid, if any
 * @param anybody {@code client-user = *}
 */
public record ClientAccess(OptionalInt uid, OptionalInt gid, boolean anybody) {

    /** Resolves {@code client-user} / {@code client-group} against {@code passwd} and {@code group} files. */
    public static ClientAccess resolve(String clientUser, String clientGroup, Path passwd, Path group) throws IOException {
        boolean anybody = clientUser.equals("*");
        OptionalInt uid = anybody ? OptionalInt.empty() : lookup(passwd, clientUser, "user");
        OptionalInt gid = clientGroup == null || clientGroup.equals("*") ? OptionalInt.empty() : lookup(group, clientGroup, "group");
        return new ClientAccess(uid, gid, anybody);
    }

    /** Resolves against the system's {@code /etc/passwd} and {@code /etc/group}. */
    public static ClientAccess resolve(String clientUser, String clientGroup) throws IOException {
        return resolve(clientUser, clientGroup, Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    /** Whether a peer with these credentials is admitted. */
    public boolean admits(int peerUid, int[] peerGids) {
        if (anybody || peerUid == 0 || uid.isPresent() && uid.getAsInt() == peerUid) {
            return true;
        }
        if (gid.isPresent()) {
            for (int g : peerGids) {
                if (g == gid.getAsInt()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A numeric id, or the third field of the line whose first field is the name. */
    private static OptionalInt lookup(Path db, String name, String what) throws IOException {
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
            return OptionalInt.of(Integer.parseInt(name));
        }
        List<String> lines = Files.readAllLines(db);
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length > 2 && f[0].equals(name)) {
                return OptionalInt.of(Integer.parseInt(f[2]));
            }
        }
        throw new IOException("unknown " + what + " `" + name + "' (not in " + db + ")");
    }
}
