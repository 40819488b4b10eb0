package org.mcelogjava.daemon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.testing.Await;

/**
 * The device loop's outage lines name the device the daemon reads: the simulator's device for the
 * socket, the file's path for a device file ({@code /dev/mcelog} on a real machine).
 */
class DeviceLoopOutageTest {

    @Test
    void aDeviceFileThatCannotBeOpenedIsNamedByItsPath() throws Exception {
        DeviceOperand file = new DeviceOperand.File(Path.of("/srv/machine/dev/mcelog"));
        assertEquals("lost /srv/machine/dev/mcelog: Transport endpoint is not connected; retrying", firstLine(file));
    }

    @Test
    void theSimulatorsSocketIsNamedAsTheSimulatorsDevice() throws Exception {
        DeviceOperand socket = new DeviceOperand.Socket(Path.of("/run/mce-sim/mcelog"));
        assertEquals("lost the simulator's device: Transport endpoint is not connected; retrying", firstLine(socket));
    }

    /** The first line a loop over {@code operand} reports when every open fails. */
    private static String firstLine(DeviceOperand operand) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        DeviceLoop loop = new DeviceLoop(() -> {
            throw new IOException("Transport endpoint is not connected");
        }, operand.name(), batch -> { }, AppliedRecords.none(), lines::add, 1, 1, () -> 0L);
        Thread runner = new Thread(() -> {
            try {
                loop.run();
            } catch (Exception e) {
                lines.add("run ended: " + e);
            }
        });
        runner.start();
        try {
            Await.until(() -> !lines.isEmpty(), "the loop's first outage line");
        } finally {
            loop.stop();
            runner.join();
        }
        return lines.get(0);
    }
}
