package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.daemon.DaemonContext;
import org.apache.commons.daemon.DaemonController;
import org.apache.commons.daemon.DaemonInitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.DeviceConnection;

/** The jsvc life cycle: init parses, start serves, stop removes the socket. */
class MceSimDaemonTest {

    @TempDir
    Path dir;

    private static DaemonContext context(String... args) {
        return new DaemonContext() {
            @Override
            public DaemonController getController() {
                return null;
            }

            @Override
            public String[] getArguments() {
                return args;
            }
        };
    }

    @Test
    void initStartStopDestroy() throws Exception {
        Path socket = dir.resolve("mce.sock");
        MceSimDaemon d = new MceSimDaemon();
        d.init(context("--socket", socket.toString(), "--cpus", "2", "--clock", "accelerated:100"));
        assertFalse(Files.exists(socket), "nothing is served before start");
        d.start();
        try (DeviceConnection c = DeviceConnection.connect(socket, "test")) {
            assertEquals("300\n", c.readText("/sys/devices/system/machinecheck/machinecheck1/check_interval"));
            assertEquals("rw-rw-rw-", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(socket)));
        }
        d.stop();
        assertFalse(Files.exists(socket));
        d.destroy();
    }

    @Test
    void badArgumentsFailInit() {
        DaemonInitException e = assertThrows(DaemonInitException.class,
                () -> new MceSimDaemon().init(context("--cpus", "many")));
        assertTrue(e.getMessage().contains("cpus needs a number"), e.getMessage());
    }
}
