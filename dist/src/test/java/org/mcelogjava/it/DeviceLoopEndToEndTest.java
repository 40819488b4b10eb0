package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.daemon.device.AppliedRecords;
import org.mcelogjava.daemon.device.Batch;
import org.mcelogjava.daemon.device.DeviceLoop;
import org.mcelogjava.daemon.device.McelogDeviceFile;
import org.mcelogjava.kernelsim.dev.LegacyInjector;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.PersistentRecords;
import org.mcelogjava.kernelsim.server.DeviceServer;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.kernelsim.sysfs.Attribute;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.device.DevicePaths;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.testing.Await;

/** The daemon's device loop against the real simulator device server over a real socket. */
class DeviceLoopEndToEndTest {

    @TempDir
    Path dir;
    private final List<DeviceServer> servers = new ArrayList<>();
    private final List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<Boolean> overflows = Collections.synchronizedList(new ArrayList<>());
    private final List<String> diagnostics = Collections.synchronizedList(new ArrayList<>());

    private McelogDevice newDevice(int len) {
        return new McelogDevice(len, 128, true, cpu -> true, LegacyInjector.NONE, new PersistentRecords());
    }

    private DeviceServer serve(McelogDevice device) throws Exception {
        return serve(device, new SysfsTree());
    }

    /** Served with a boot_id, so the loop can tell the records apart by their identity. */
    private DeviceServer serveBooted(McelogDevice device) throws Exception {
        SysfsTree tree = new SysfsTree();
        String bootId = UUID.randomUUID() + "\n";
        tree.register(DevicePaths.BOOT_ID, new Attribute(0444, Attribute.Show.text(() -> bootId), null));
        return serve(device, tree);
    }

    private DeviceServer serve(McelogDevice device, SysfsTree tree) throws Exception {
        DeviceServer s = DeviceServer.start(dir.resolve("mcelog.sock"), device, tree, "it",
                PeerPolicy.ROOT_ONLY, DeviceServer.DEFAULT_DEVICE_MODE, 1, msg -> { });
        servers.add(s);
        return s;
    }

    @AfterEach
    void stopServers() throws IOException {
        for (DeviceServer s : servers) {
            s.close();
        }
    }

    private DeviceLoop loop() {
        return new DeviceLoop(() -> McelogDeviceFile.open(dir.resolve("mcelog.sock"), "it-daemon", true),
                "the simulator's device",
                this::onBatch, AppliedRecords.none(), diagnostics::add, 10, 100, () -> System.nanoTime() / 1_000_000);
    }

    private void onBatch(Batch batch) {
        overflows.add(batch.overflowed());
        for (int i = 0; i < batch.count(); i++) {
            seen.add(batch.record(i).tsc());
        }
    }

    private static Mce tagged(long tag) {
        return Mce.builder().status(0x9000000000000000L).tsc(tag).build();
    }

    private static Thread start(DeviceLoop loop) {
        Thread t = new Thread(() -> {
            try {
                loop.run();
            } catch (DeviceException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "device-loop");
        t.start();
        return t;
    }

    @Test
    void pendingRecordsAreReadAtStartAndLaterOnesAsTheyAreLogged() throws Exception {
        McelogDevice device = newDevice(32);
        serve(device);
        device.accept(tagged(1));
        device.accept(tagged(2));
        DeviceLoop loop = loop();
        Thread t = start(loop);
        waitUntil(() -> seen.size() == 2);
        for (long tag = 3; tag <= 500; tag++) {
            waitUntil(() -> device.pending() < device.logLength()); // a full log would drop records
            device.accept(tagged(tag));
        }
        waitUntil(() -> seen.size() == 500);
        loop.stop();
        t.join(5000);
        assertEquals(LongRangeList.of(1, 500), seen, "every record once, in order");
    }

    @Test
    void anOverflowIsReportedWithTheFullBatch() throws Exception {
        McelogDevice device = newDevice(32);
        serve(device);
        for (long tag = 1; tag <= 40; tag++) {
            device.accept(tagged(tag)); // 8 dropped
        }
        DeviceLoop loop = loop();
        Thread t = start(loop);
        waitUntil(() -> seen.size() == 32);
        loop.stop();
        t.join(5000);
        assertEquals(List.of(true), overflows);
        assertEquals(LongRangeList.of(1, 32), seen, "the earliest records are kept, the newest dropped");
    }

    @Test
    void theLoopSurvivesASimulatorRestartAndResumes() throws Exception {
        McelogDevice first = newDevice(32);
        DeviceServer server = serve(first);
        DeviceLoop loop = loop();
        Thread t = start(loop);
        first.accept(tagged(1));
        waitUntil(() -> seen.size() == 1);

        server.close();
        waitUntil(() -> diagnostics.stream().anyMatch(d -> d.startsWith("lost the simulator's device")),
                diagnostics::toString);
        McelogDevice second = newDevice(32);
        second.accept(tagged(2)); // logged while the daemon was away
        serve(second);
        waitUntil(() -> seen.size() == 2, () -> diagnostics.toString());
        second.accept(tagged(3));
        waitUntil(() -> seen.size() == 3);
        loop.stop();
        t.join(5000);
        assertEquals(List.of(1L, 2L, 3L), seen);
        assertTrue(diagnostics.contains("reconnected to the simulator's device"), diagnostics.toString());
    }

    /**
     * A loop stopped inside a batch (--num-errors reached, SIGTERM) has not applied all of it: the
     * batch is neither marked applied nor acknowledged, and the next run gets it whole.
     */
    @Test
    void aBatchTheLoopWasStoppedInsideIsDeliveredAgain() throws Exception {
        McelogDevice device = newDevice(32);
        serveBooted(device);
        for (long tag = 1; tag <= 3; tag++) {
            device.accept(tagged(tag));
        }
        AppliedRecords applied = AppliedRecords.none();
        List<String> marked = new ArrayList<>();
        DeviceLoop[] first = new DeviceLoop[1];
        first[0] = new DeviceLoop(() -> McelogDeviceFile.open(dir.resolve("mcelog.sock"), "it-daemon", true),
                "the simulator's device",
                new DeviceLoop.Handler() {
                    @Override
                    public void batch(Batch batch) {
                        onBatch(batch);
                        first[0].stop();
                    }

                    @Override
                    public void applied(Batch batch) {
                        marked.add("applied " + batch.count());
                    }
                }, applied, diagnostics::add, 10, 100, () -> System.nanoTime() / 1_000_000);
        first[0].run();
        assertEquals(List.of(1L, 2L, 3L), seen);
        assertEquals(List.of(), marked, "not applied: the loop stopped inside the batch");
        waitUntil(() -> device.pending() == 3); // given back unacknowledged

        seen.clear();
        DeviceLoop second = new DeviceLoop(() -> McelogDeviceFile.open(dir.resolve("mcelog.sock"), "it-daemon", true),
                "the simulator's device",
                this::onBatch, applied, diagnostics::add, 10, 100, () -> System.nanoTime() / 1_000_000);
        Thread t = start(second);
        waitUntil(() -> seen.size() == 3, diagnostics::toString);
        second.stop();
        t.join(5000);
        assertEquals(List.of(1L, 2L, 3L), seen);
    }

    @Test
    void aSecondDaemonIsRefusedForGood() throws Exception {
        McelogDevice device = newDevice(32);
        serve(device);
        try (McelogDeviceFile holder = McelogDeviceFile.open(dir.resolve("mcelog.sock"), "first", true)) {
            DeviceException e = assertThrows(DeviceException.class, () -> loop().run());
            assertEquals(Errno.EBUSY, e.errno());
            assertEquals(32, holder.logLength());
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        waitUntil(condition, () -> "");
    }

    private static void waitUntil(BooleanSupplier condition, Supplier<String> context)
            throws InterruptedException {
        Await.until(condition::getAsBoolean, Duration.ofSeconds(20), Await.where(), context);
    }

    /** The list [from, to] of longs. */
    private static final class LongRangeList {
        static List<Long> of(long from, long to) {
            List<Long> out = new ArrayList<>();
            for (long v = from; v <= to; v++) {
                out.add(v);
            }
            return out;
        }
    }
}
