package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.kernelsim.module.ModuleBuild;
import org.mcelogjava.kernelsim.module.ModuleCompiler;
import org.mcelogjava.kernelsim.module.ModuleLoader;
import org.mcelogjava.kernelsim.service.ServiceConfig;
import org.mcelogjava.kernelsim.service.SimulatorService;

/**
 * {@code mce-sim insmod b.jar} before {@code a.jar}, whose symbol b calls, against a running
 * simulator: as on a real kernel, insmod says "Unknown symbol in module" and dmesg has the
 * kernel's {@code b: Unknown symbol a_add (err -2)}; loaded in order, both load.
 */
class InsmodCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int mceSim(String... args) {
        out.reset();
        err.reset();
        return MceSim.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    @SuppressWarnings("try") // the simulator serves for the try block; the commands reach it by its socket
    void aModuleLoadedBeforeTheOneExportingItsSymbolFailsAsTheKernelFailsIt() throws Exception {
        SimulatedKernel k = new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(), Topology.flat(2)))
                .kernel(KernelProfile.V6_12).boot();
        ModuleCompiler compiler = new ModuleCompiler(new ModuleLoader(k).kernelSymvers());
        ModuleBuild.Result a = compiler.build(example("a"), dir.resolve("a"), List.of());
        ModuleBuild.Result b = compiler.build(example("b"), dir.resolve("b"), List.of(a.symvers()));
        Path socket = dir.resolve("sim.sock");
        ServiceConfig config = new ServiceConfig(socket, 2, CpuProfiles.skylakeServer(), KernelProfile.V6_12,
                new ServiceConfig.ClockMode.Scaled(1), "none", 1L, Set.of(), Set.of(), 0600);
        try (SimulatorService sim = SimulatorService.start(config, MceObserver.NONE, (uid, gids) -> true, m -> { })) {
            assertEquals(1, mceSim("insmod", "--socket", socket.toString(), b.jar().toString()));
            assertEquals("mce-sim insmod: ERROR: could not insert module " + b.jar() + ": Unknown symbol in module; "
                    + "the kernel's reason is in its log (mce-sim dmesg)\n",
                    err.toString(StandardCharsets.UTF_8));

            assertEquals(0, mceSim("dmesg", "--socket", socket.toString()));
            String dmesg = out.toString(StandardCharsets.UTF_8);
            assertTrue(dmesg.lines().anyMatch(l -> l.matches("\\[ *\\d+\\.\\d{6}\\] b: Unknown symbol a_add \\(err -2\\)")),
                    dmesg);

            assertEquals(0, mceSim("insmod", "--socket", socket.toString(), a.jar().toString()), err.toString());
            assertEquals(0, mceSim("insmod", "--socket", socket.toString(), b.jar().toString()), err.toString());
            assertEquals(1, mceSim("rmmod", "--socket", socket.toString(), "a"));
            assertEquals("mce-sim rmmod: ERROR: Module a is in use (lsmod shows by which modules)\n",
                    err.toString(StandardCharsets.UTF_8));
            assertEquals(0, mceSim("lsmod", "--socket", socket.toString()));
            assertTrue(out.toString(StandardCharsets.UTF_8).lines().anyMatch(l -> l.matches("a +\\d+  1 b")),
                    out.toString(StandardCharsets.UTF_8));
        }
    }

    private static Path example(String name) throws URISyntaxException {
        return Path.of(InsmodCommandTest.class.getResource("/modules/" + name).toURI());
    }
}
