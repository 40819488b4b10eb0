package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.kernelsim.service.ServiceConfig;
import org.mcelogjava.kernelsim.service.SimulatorService;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.mce.MceCodec;

/** The mce-inject command line: --dump, the exit statuses, the socket lookup. */
class MceInjectTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String stdin, String... args) {
        return MceInject.run(List.of(args), env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.ISO_8859_1)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void dumpPrintsEachRecordInTheToolsFormatWithoutASimulator() {
        assertEquals(0, run(Map.of(), "CPU 1 3 STATUS corrected\nCPU 0 BANK 2 ADDR 0x1000 RIP 0x10:0xffff\n",
                "--dump"));
        assertEquals("""
                CPU 1
                BANK 3
                TSC 0x0
                TIME 0
                RIP 0x00:0x0
                MISC 0x0
                ADDR 0x0
                STATUS 0x9000000000000000
                MCGSTATUS 0x0
                PROCESSOR 0:0x0

                CPU 0
                BANK 2
                TSC 0x0
                TIME 0
                RIP 0x10:0xffff
                MISC 0x0
                ADDR 0x1000
                STATUS 0x400000000000000
                MCGSTATUS 0x0
                PROCESSOR 0:0x0

                """, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSyntaxErrorExitsOneWithFileAndLine() throws Exception {
        Path f = Files.writeString(dir.resolve("bad"), "CPU 0 BANK 1\nSTATUS 0x1 , \n");
        assertEquals(1, run(Map.of(), "", "--dump", f.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(f + ":2: "), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noSimulatorIsExitOneWithTheSocketTheReasonAndTheCure() {
        assertEquals(1, run(Map.of("MCE_SIM_SOCKET", dir.resolve("none").toString()), "CPU 0 BANK 1 STATUS corrected\n"));
        assertEquals("mce-inject: cannot connect to " + dir.resolve("none") + ": No such file or directory"
                + " (is mce-sim run serving it?)\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpAndVersionGoToStdoutWhereverTheyAreAndTheHelpEndsWithTheLanguage() throws Exception {
        String language;
        try (var in = MceInject.class.getResourceAsStream(MceInject.LANGUAGE)) {
            language = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String help : List.of("--help", "-h")) {
            out.reset();
            assertEquals(0, run(Map.of(), "", "--dump", help, "file-never-read"));
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith(MceInject.USAGE + "\n"), text);
            assertTrue(text.endsWith(language), text);
        }
        out.reset();
        assertEquals(0, run(Map.of(), "", "--no-random", "--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("mce-inject (mcelog-java) "), out.toString());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void optionsComeInAnyOrderAndDoubleDashEndsThem() throws Exception {
        Path f = Files.writeString(dir.resolve("--odd name"), "CPU 0 BANK 2 STATUS corrected\n");
        assertEquals(0, run(Map.of(), "", "--dump", "--no-random", "--", f.toString()));
        assertEquals(1, run(Map.of(), "", "--no-random", f.toString()), "without --, the name is an option");
        out.reset();
        assertEquals(0, run(Map.of(), "", "--socket", dir.resolve("unused").toString(), "--dump", "--", f.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("BANK 2"), out.toString());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertEquals(1, run(Map.of(), "", "--dump", "--frobnicate"));
        assertEquals("mce-inject: unknown option '--frobnicate'\nTry 'mce-inject --help'.\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingOrUnreadableFileNamesItAndWhy() {
        assertEquals(1, run(Map.of(), "", "--dump", dir.resolve("absent").toString()));
        assertEquals("mce-inject: cannot read " + dir.resolve("absent") + ": No such file or directory\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, run(Map.of(), "", "--dump", dir.toString()));
        assertEquals("mce-inject: cannot read " + dir + ": Is a directory\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void injectsFromStdinThroughTheEnvironmentsSocketAndRefusesAnOfflineCpu() throws Exception {
        ServiceConfig config = new ServiceConfig(dir.resolve("mce.sock"), 2, CpuProfiles.skylakeServer(),
                KernelProfile.V6_12, new ServiceConfig.ClockMode.Stepped(), "none", 1L, Set.of(), Set.of(), 0600);
        try (SimulatorService s = SimulatorService.start(config, MceObserver.NONE, (u, g) -> true, m -> { });
             DeviceConnection c = DeviceConnection.connect(config.socket(), "test")) {
            Map<String, String> env = Map.of("MCE_SIM_SOCKET", s.server().socket().toString());
            assertEquals(0, run(env, "CPU 1 BANK 2 STATUS corrected ADDR 0x1234\nCPU 0 BANK 3 STATUS corrected\n"));
            assertEquals(1, run(env, "CPU 2 BANK 1 STATUS corrected\n"));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("CPU 2: not online (this machine has CPUs 0-1)"));
            assertEquals(1, run(env, "CPU 0 BANK 20 STATUS corrected\n"));
            int fd = c.open(OpenFlags.O_RDONLY);
            byte[] data = c.read(fd, 32 * 128);
            List<String> got = new ArrayList<>();
            for (int off = 0; off < data.length; off += 128) {
                var m = MceCodec.decode(data, off, 128);
                got.add(m.extcpu() + "/" + m.bank() + "/" + Long.toHexString(m.addr()));
            }
            assertEquals(List.of("1/2/1234", "0/3/0"), got);
        }
    }

    @Test
    void writesTogetherThatTheKernelRefusesNameTheRecordsCpuAndTheErrno() throws Exception {
        ServiceConfig config = new ServiceConfig(dir.resolve("mce.sock"), 2, CpuProfiles.skylakeServer(),
                KernelProfile.V6_12, new ServiceConfig.ClockMode.Stepped(), "none", 1L, Set.of(), Set.of(), 0666);
        SimulatorService service = SimulatorService.start(config, MceObserver.NONE, (u, g) -> false, m -> { });
        try {
            // cpu 1's held record and cpu 0's trigger: the tool's two threads write together
            String input = "CPU 1 BANK 1\nSTATUS CORRECTED\nIN_PROC\nEXCP\nHOLD\n\nCPU 0 BANK 2\nSTATUS UNCORRECTED\n";
            assertEquals(1, run(Map.of(), input, "--socket", config.socket().toString()));
            assertEquals("mce-inject: cannot write /dev/mcelog on " + config.socket()
                    + ": the write of the record for CPU 0: EPERM (Operation not permitted)\n",
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            service.close();
        }
    }
}
