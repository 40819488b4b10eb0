package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.kernelsim.dev.LegacyInjector;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.PersistentRecords;
import org.mcelogjava.kernelsim.server.DeviceServer;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.kernelsim.sysfs.Attribute;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;

/** mce-sim sysfs against a real device server. */
class SysfsCommandTest {

    private static final String ONLINE = "/sys/devices/system/cpu/cpu3/online";

    @TempDir
    Path dir;
    private final AtomicReference<String> online = new AtomicReference<>("1");
    private DeviceServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        SysfsTree tree = new SysfsTree();
        tree.register(ONLINE, Attribute.readWrite(Attribute.Show.text(() -> online.get() + "\n"), (v, cap) -> {
            online.set(new String(v, StandardCharsets.US_ASCII).trim());
            return v.length;
        }));
        server = DeviceServer.start(dir.resolve("sim.sock"),
                new McelogDevice(32, 128, true, c -> true, LegacyInjector.NONE, new PersistentRecords()), tree, "test",
                PeerPolicy.ROOT_ONLY, DeviceServer.DEFAULT_DEVICE_MODE, 1, m -> { });
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private int sysfs(String... args) {
        return SysfsCommand.run(List.of(args), Map.of("MCE_SIM_SOCKET", server.socket().toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesReadsAndLists() {
        assertEquals(0, sysfs("write", ONLINE, "0"));
        assertEquals("0", online.get());
        assertEquals(0, sysfs("read", ONLINE));
        assertEquals(0, sysfs("ls", "/sys/devices/system/cpu/cpu3"));
        assertEquals("0\n- 0644 online\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRefusalIsTheKernelsErrno() {
        assertEquals(1, sysfs("read", "/sys/devices/system/cpu/cpu9/online"));
        assertEquals("mce-sim sysfs: cannot read /sys/devices/system/cpu/cpu9/online: ENOENT (No such file or directory)\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badUsageExitsOne() {
        assertEquals(1, sysfs("write", ONLINE));
        assertEquals("mce-sim sysfs: write takes FILE VALUE, got 1 argument\nTry 'mce-sim sysfs --help'.\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
