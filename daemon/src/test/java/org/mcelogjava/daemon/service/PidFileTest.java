package org.mcelogjava.daemon.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @TempDir
    Path dir;

    @Test
    void writesThePidWithoutNewlineAndRemovesItOnClose() throws Exception {
        Path path = dir.resolve("mcelog.pid");
        try (PidFile pid = PidFile.claim(path)) {
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(path));
            assertEquals(path, pid.path());
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void aLiveHolderRefusesASecondDaemon() throws Exception {
        Path path = dir.resolve("mcelog.pid");
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(path, Long.toString(other.pid()));
            PidFile.AlreadyRunningException e = assertThrows(PidFile.AlreadyRunningException.class, () -> PidFile.claim(path));
            assertTrue(e.getMessage().startsWith("mcelog server already running"), e.getMessage());
            assertEquals(Long.toString(other.pid()), Files.readString(path), "the holder's pidfile is untouched");
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void aStalePidfileFromADeadDaemonIsReplaced() throws Exception {
        Path path = dir.resolve("mcelog.pid");
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Files.writeString(path, Long.toString(dead.pid()));
        PidFile pid = PidFile.claim(path);
        assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(path));
        pid.close();
    }

    @Test
    void closeLeavesAPidfileThatNowNamesSomeoneElse() throws Exception {
        Path path = dir.resolve("mcelog.pid");
        PidFile pid = PidFile.claim(path);
        Files.writeString(path, "1");
        pid.close();
        assertEquals("1", Files.readString(path));
    }
}
