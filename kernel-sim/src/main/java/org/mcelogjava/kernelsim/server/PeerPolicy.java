package org.mcelogjava.kernelsim.server;

import java.util.Set;

/**
 * Decides who counts as holding CAP_SYS_ADMIN (and CAP_DAC_OVERRIDE) on the simulated machine,
 * from the peer credentials of a connection ({@code SO_PEERCRED}), never from anything the client
 * says.
 */
@FunctionalInterface
public interface PeerPolicy {

    /** Only uid 0 is privileged. */
    PeerPolicy ROOT_ONLY = admins(Set.of(), Set.of());

    /** Whether a peer with these credentials is privileged. */
    boolean privileged(int uid, int[] gids);

    /** uid 0, the given uids, and members of the given gids are privileged. */
    static PeerPolicy admins(Set<Integer> adminUids, Set<Integer> adminGids) {
        Set<Integer> uids = Set.copyOf(adminUids);
        Set<Integer> gids = Set.copyOf(adminGids);
        return (uid, peerGids) -> {
            if (uid == 0 || uids.contains(uid)) {
                return true;
            }
            for (int gid : peerGids) {
                if (gids.contains(gid)) {
                    return true;
                }
            }
            return false;
        };
    }
}
