package org.mcelogjava.kernelsim.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerPolicyTest {

    @Test
    void rootIsAlwaysPrivileged() {
        assertTrue(PeerPolicy.ROOT_ONLY.privileged(0, new int[0]));
        assertFalse(PeerPolicy.ROOT_ONLY.privileged(1000, new int[] {0}));
    }

    @Test
    void configuredUidsAndGroupsArePrivileged() {
        PeerPolicy policy = PeerPolicy.admins(Set.of(1001), Set.of(4));
        assertTrue(policy.privileged(1001, new int[] {100}));
        assertTrue(policy.privileged(1002, new int[] {100, 4}));
        assertFalse(policy.privileged(1002, new int[] {100}));
    }
}
