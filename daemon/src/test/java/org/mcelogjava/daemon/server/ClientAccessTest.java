package org.mcelogjava.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientAccessTest {

    @TempDir
    Path dir;
    private Path passwd;
    private Path group;

    @BeforeEach
    void databases() throws IOException {
        passwd = dir.resolve("passwd");
        group = dir.resolve("group");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/sh\nalice:x:1001:1001::/home/alice:/bin/sh\n");
        Files.writeString(group, "root:x:0:\nadm:x:4:alice\n");
    }

    @Test
    void rootAndTheClientUserAreAdmitted() throws IOException {
        ClientAccess a = ClientAccess.resolve("alice", null, passwd, group);
        assertEquals(OptionalInt.of(1001), a.uid());
        assertTrue(a.admits(0, new int[] {0}));
        assertTrue(a.admits(1001, new int[] {1001}));
        assertFalse(a.admits(1002, new int[] {1002}));
    }

    @Test
    void membersOfTheClientGroupAreAdmitted() throws IOException {
        ClientAccess a = ClientAccess.resolve("root", "adm", passwd, group);
        assertTrue(a.admits(1002, new int[] {100, 4}));
        assertFalse(a.admits(1002, new int[] {100}));
    }

    @Test
    void aStarAdmitsEveryone() throws IOException {
        assertTrue(ClientAccess.resolve("*", null, passwd, group).admits(4242, new int[0]));
    }

    @Test
    void unknownNamesAreAStartError() {
        IOException e = assertThrows(IOException.class, () -> ClientAccess.resolve("bob", null, passwd, group));
        assertTrue(e.getMessage().startsWith("unknown user `bob'"), e.getMessage());
    }
}
