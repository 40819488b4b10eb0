package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.kernelsim.inject.InjectSource;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.service.ServiceConfig;
import org.mcelogjava.kernelsim.service.SimulatorService;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;

/**
 * The shared inject examples delivered by the {@code mce-inject} tool over a real socket into a
 * running simulator (virtual time, debugfs {@code mce/fake_panic} set through the socket as
 * mce-test does) end as {@code replay} ends them: same outcome, severity, messages and logged
 * records and actions (signals, memory_failure); and the records that reached {@code /dev/mcelog} are the logged ones.
 *
 * <p>The writes mce-inject's per-CPU threads make together reach the simulator in one
 * WRITE_TOGETHER, so the simulator raises them as {@code replay} does: concurrently by default
 * ({@code NAME.expect}), one after another when it runs with {@code --inject-mutex}
 * ({@code NAME.mutex.expect} for the cases of {@link ReplayConformanceTest#MUTEX_CASES}, where the
 * two readings differ).
 */
class InjectToolConformanceTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} ser={1}")
    @MethodSource("org.mcelogjava.kernelsim.cli.ReplayConformanceTest#variants")
    void injectedIntoARunningSimulatorMatchesReplay(String name, boolean ser) throws Exception {
        assertInjection(name, ser, false, new InjectExpectation(ReplayConformanceTest.resource(name + ".expect")));
    }

    @ParameterizedTest(name = "{0} ser={1} --inject-mutex")
    @MethodSource("org.mcelogjava.kernelsim.cli.ReplayConformanceTest#mutexVariants")
    void injectedIntoASimulatorWithTheInjectMutexMatchesTheSerialisedReplay(String name, boolean ser)
            throws Exception {
        assertInjection(name, ser, true,
                new InjectExpectation(ReplayConformanceTest.resource(name + ".mutex.expect")));
    }

    private void assertInjection(String name, boolean ser, boolean serialised, InjectExpectation e) throws Exception {
        String prefix = ser || !e.ser().equals("any") ? "" : "noser.";
        Path input = dir.resolve(name + ".inject");
        Files.writeString(input, ReplayConformanceTest.resource(name + ".inject"), StandardCharsets.ISO_8859_1);
        ReplayTrace trace = new ReplayTrace();
        ServiceConfig config = new ServiceConfig(dir.resolve("mce.sock"), 4, CpuProfiles.skylakeServer().withSer(ser),
                KernelProfile.V6_12, new ServiceConfig.ClockMode.Stepped(), "none", 1L, Set.of(), Set.of(), 0600)
                .withInjectMutex(serialised);
        try (SimulatorService service = SimulatorService.start(config, trace, (uid, gids) -> true, msg -> { });
             DeviceConnection c = DeviceConnection.connect(config.socket(), "test")) {
            c.writeText("/sys/kernel/debug/mce/fake_panic", "1\n");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = MceInject.run(List.of("--socket", config.socket().toString(), input.toString()), Map.of(),
                    new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
            service.onEngine(() -> null); // the engine has drained the deferred work behind the writes

            Map<String, Object> json = ReplayCommand.toJson(trace, null);
            assertEquals(e.derived(prefix, "outcome"), json.get("outcome"), "outcome");
            assertEquals(e.derived(prefix, "severity"), json.get("severity"), "severity");
            assertEquals(e.derived(prefix, "message"), json.get("message"), "message");
            assertEquals(e.derived(prefix, "panic_message"), json.get("panic_message"), "panic_message");
            assertEquals(e.derived(prefix, "exception_message"), json.get("exception_message"), "exception_message");
            assertEquals(e.logged(prefix), ReplayConformanceTest.normalise(json.get("logged")), "logged");
            ReplayCommand.Result replay = ReplayCommand.run(new ReplayOptions(4, ser, KernelProfile.V6_12, true,
                    input.toString(), serialised), new InjectSource(input.toString(), Files.readString(input, StandardCharsets.ISO_8859_1)));
            assertEquals(replay.json().get("actions"), json.get("actions"), "actions");

            // A panic's records were also written to APEI ERST (apei_write_mce), which the device
            // returns first, one per READ (__mce_read_apei); the in-memory log comes whole after them.
            int fd = c.open(OpenFlags.O_RDONLY);
            int len = c.ioctl(fd, McelogIoctl.MCE_GET_LOG_LEN);
            List<List<String>> reads = new ArrayList<>();
            for (byte[] data = c.read(fd, len * 128); data.length > 0; data = c.read(fd, len * 128)) {
                List<String> read = new ArrayList<>();
                for (int off = 0; off < data.length; off += 128) {
                    Mce m = MceCodec.decode(data, off, 128);
                    read.add(m.extcpu() + "/" + m.bank() + "/" + Long.toHexString(m.status()));
                }
                reads.add(read);
                assertTrue(reads.size() <= len + 1, "the device keeps returning records: " + reads);
            }
            List<String> device = reads.isEmpty() ? List.of() : reads.get(reads.size() - 1);
            List<String> logged = new ArrayList<>();
            for (Mce m : trace.logged()) {
                logged.add(m.extcpu() + "/" + m.bank() + "/" + Long.toHexString(m.status()));
            }
            for (List<String> persisted : reads.subList(0, Math.max(0, reads.size() - 1))) {
                assertEquals(1, persisted.size(), "an ERST record per read: " + reads);
                assertTrue(logged.containsAll(persisted), "the panic persisted a logged record: " + reads);
            }
            assertEquals(logged, device, "records on /dev/mcelog");
        }
    }
}
