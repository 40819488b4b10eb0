package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped systemd units pass systemd's own checks. */
class UnitsIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();

    @Test
    void theUnitsVerify() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assertTrue(Files.isExecutable(analyze), "systemd-analyze is installed by .ci/run (package systemd)");
        Process p = new ProcessBuilder(analyze.toString(), "verify",
                HOME.resolve("systemd/mce-sim.service").toString(), HOME.resolve("systemd/mcelog.service").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("", out, "no warnings");
    }
}
