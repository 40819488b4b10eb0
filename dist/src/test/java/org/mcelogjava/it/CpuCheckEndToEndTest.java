package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.cli.Mcelog;
import org.mcelogjava.kernelsim.dev.LegacyInjector;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.PersistentRecords;
import org.mcelogjava.kernelsim.machine.CpuProfile;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.kernelsim.server.DeviceServer;
import org.mcelogjava.kernelsim.service.ServiceConfig;
import org.mcelogjava.kernelsim.service.SimulatorService;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;

/**
 * mcelog's start-up checks in device mode, against the simulated machine: the CPU from its
 * /proc/cpuinfo (an Intel server runs, an AMD Zen 2 is refused as mcelog refuses it, unless the type
 * is forced), and its DMI tables (unreadable ones are fatal only with --dmi).
 */
class CpuCheckEndToEndTest {

    @TempDir
    Path dir;

    private final List<SimulatorService> sims = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() throws Exception {
        for (SimulatorService s : sims) {
            s.close();
        }
    }

    private Path simulate(CpuProfile cpu) throws Exception {
        Path socket = dir.resolve(cpu.name() + ".sock");
        sims.add(SimulatorService.start(new ServiceConfig(socket, 2, cpu, KernelProfile.V6_12,
                new ServiceConfig.ClockMode.Stepped(), "none", 1, Set.of(), Set.of(), 0600), MceObserver.NONE,
                (uid, gids) -> true, msg -> { }));
        return socket;
    }

    private int mcelog(String... args) {
        out.reset();
        err.reset();
        return new Mcelog(new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true, StandardCharsets.UTF_8),
                ZoneId.of("UTC"), Map.of()).run(args);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anAmdZen2IsDecodedByDefaultAndRefusedAsMcelogRefusesItWithAmdCompatMcelogUnlessTheTypeIsForced()
            throws Exception {
        String zen = simulate(CpuProfiles.zen2()).toString();
        assertEquals(0, mcelog("--is-cpu-supported", "--socket", zen));
        assertEquals("", stderr());
        assertEquals(1, mcelog("--amd-compat=mcelog", "--socket", zen));
        assertEquals("mcelog: ERROR: AMD Processor family 23: mcelog does not support this processor.  "
                + "Please use the edac_mce_amd module instead.\nCPU is unsupported\n", stderr());
        assertEquals(1, mcelog("--amd-compat=mcelog", "--is-cpu-supported", "--socket", zen));
        assertEquals("mcelog: ERROR: AMD Processor family 23: mcelog does not support this processor.  "
                + "Please use the edac_mce_amd module instead.\n", stderr(), "a check only: no 'CPU is unsupported'");
        assertEquals(0, mcelog("--amd-compat=mcelog", "--cpu", "generic", "--socket", zen));
        assertEquals("", stderr());
    }

    @Test
    void amdCompatInTheConfigFileKeepsMcelogsRefusalAndTheCommandLineWins() throws Exception {
        String zen = simulate(CpuProfiles.zen2()).toString();
        String refusal = "mcelog: ERROR: AMD Processor family 23: mcelog does not support this processor.  "
                + "Please use the edac_mce_amd module instead.\n";
        Path compat = Files.writeString(dir.resolve("compat.conf"), "[amd]\ncompat = mcelog\n");
        assertEquals(1, mcelog("--config-file", compat.toString(), "--is-cpu-supported", "--socket", zen));
        assertEquals(refusal, stderr());
        assertEquals(0, mcelog("--config-file", compat.toString(), "--amd-compat=smca", "--is-cpu-supported",
                "--socket", zen));
        assertEquals("", stderr(), "the command line overrides the file");
        Path smca = Files.writeString(dir.resolve("smca.conf"), "[amd]\ncompat = smca\n");
        assertEquals(0, mcelog("--config-file", smca.toString(), "--is-cpu-supported", "--socket", zen));
        assertEquals(1, mcelog("--config-file", smca.toString(), "--amd-compat=mcelog", "--is-cpu-supported",
                "--socket", zen));
        assertEquals(refusal, stderr());
        Path bad = Files.writeString(dir.resolve("bad.conf"), "[amd]\ncompat = rasdaemon\n");
        assertEquals(1, mcelog("--config-file", bad.toString(), "--is-cpu-supported", "--socket", zen));
        assertEquals("mcelog: " + bad + ":2: [amd] compat = rasdaemon: expected smca or mcelog\n", stderr());
    }

    @Test
    void anIntelServerIsSupportedAndAnUnreachableDeviceIsTheOneThingSaid() throws Exception {
        String skx = simulate(CpuProfiles.skylakeServer()).toString();
        assertEquals(0, mcelog("--is-cpu-supported", "--socket", skx));
        assertEquals("", stderr());
        assertEquals(0, mcelog("--socket", skx));
        assertEquals("", stderr());
        // the machine's /proc/cpuinfo is read through the device: without it, the device is the news
        Path absent = dir.resolve("absent.sock");
        assertEquals(1, mcelog("--is-cpu-supported", "--socket", absent.toString()));
        assertEquals("mcelog: Cannot open `" + absent + "': No such file or directory\nmcelog: Is the simulator"
                + " (mce-sim run) running and is MCE_SIM_SOCKET or --socket right?\n", stderr());
    }

    @Test
    void dmiTablesThatCannotBeReadAreFatalOnlyWithDmi() throws Exception {
        McelogDevice device = new McelogDevice(32, 128, true, cpu -> true, LegacyInjector.NONE, new PersistentRecords());
        try (DeviceServer bare = DeviceServer.start(dir.resolve("bare.sock"), device, new SysfsTree(), "no-dmi",
                (uid, gids) -> true, DeviceServer.DEFAULT_DEVICE_MODE, 1, msg -> { })) {
            String sock = bare.socket().toString();
            String unavailable = "mcelog: Cannot open /dev/mem for DMI decoding: No such file or directory\n";
            assertEquals(1, mcelog("--cpu", "generic", "--dmi", "--socket", sock));
            assertEquals(unavailable, stderr());
            assertEquals(0, mcelog("--cpu", "generic", "--socket", sock));
            assertEquals(unavailable, stderr(), "without --dmi: mcelog's line, and on");
            assertEquals(0, mcelog("--cpu", "generic", "--no-dmi", "--socket", sock));
            assertEquals("", stderr());
        }
        assertEquals(0, mcelog("--dmi", "--socket", simulate(CpuProfiles.skylakeServer()).toString()));
        assertEquals("", stderr(), "the simulator has tables");
    }
}
