package org.mcelogjava.bench.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.mcelogjava.it.TaggedRecords;
import org.mcelogjava.kernelsim.dev.LegacyInjector;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.PersistentRecords;
import org.mcelogjava.kernelsim.server.DeviceServer;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;

/**
 * The device the end-to-end benchmarks measure through (EndToEndBench, CeilingBench): a log of
 * 128-byte records served from the benchmark's own JVM, and the throughput phases' injection, the
 * tagged records stored as fast as the device's reader drains them, never faster than the log holds.
 * Measures nothing itself.
 */
public final class PacedDevice {

    private PacedDevice() {
    }

    /** A device whose log has {@code slots} slots of 128-byte records, every CPU online. */
    public static McelogDevice device(int slots) {
        return new McelogDevice(slots, 128, true, cpu -> true, LegacyInjector.NONE, new PersistentRecords());
    }

    /** Serves {@code device} on {@code socket} with one I/O thread, every peer privileged. */
    public static DeviceServer serve(Path socket, McelogDevice device, SysfsTree tree)
            throws IOException, InterruptedException {
        return DeviceServer.start(socket, device, tree, "bench", (u, g) -> true, DeviceServer.DEFAULT_DEVICE_MODE, 1,
                m -> { });
    }

    /**
     * Stores the records tagged 1 to {@code n} ({@link TaggedRecords}), each once fewer than
     * {@code slots} records are pending, so the log never overflows.
     */
    public static void inject(McelogDevice device, int n, int slots) {
        for (int tag = 1; tag <= n; tag++) {
            while (device.pending() >= slots) {
                LockSupport.parkNanos(10_000); // two cores: leave them to the server and the reader
            }
            device.accept(TaggedRecords.record(tag));
        }
    }
}
