package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped systemd units pass systemd's own checks. */
class UnitsIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();

    @Test
    void installShStagesTheTreeAndPointsTheUnitsAtThePrefix(@TempDir Path dest) throws Exception {
        Process p = new ProcessBuilder(HOME.resolve("install.sh").toString(), "--prefix", "/srv/mcelog",
                "--destdir", dest.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(Files.isExecutable(dest.resolve("srv/mcelog/bin/mcelog")));
        assertTrue(Files.exists(dest.resolve("srv/mcelog/conf/mcelog.conf")));
        assertTrue(Files.exists(dest.resolve("etc/logrotate.d/mcelog-java")));
        assertTrue(Files.exists(dest.resolve("etc/tmpfiles.d/mcelog-java.conf")));
        String unit = Files.readString(dest.resolve("etc/systemd/system/mcelog.service"));
        assertTrue(unit.contains("-cp /srv/mcelog/lib/*"), unit);
        assertTrue(unit.contains("--config-file /srv/mcelog/conf/mcelog.conf"), unit);
        assertTrue(!unit.contains("/opt/mcelog-java"), unit);
    }

    @Test
    void installShRefusesARelativePrefix(@TempDir Path dest) throws Exception {
        Process p = new ProcessBuilder(HOME.resolve("install.sh").toString(), "--prefix", "relative",
                "--destdir", dest.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor());
        assertEquals("install.sh: --prefix must be absolute, got relative\n", out);
    }

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
