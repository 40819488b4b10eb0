package org.mcelogjava.kernelsim.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.kernelsim.service.ServiceConfig;
import org.mcelogjava.kernelsim.service.SimulatorService;
import org.mcelogjava.protocol.device.Errno;

/** insmod, rmmod and /proc/modules through a running simulator's device socket. */
class ModulesOverSocketTest {

    @TempDir
    Path dir;

    private SimulatorService start(boolean privileged) throws Exception {
        ServiceConfig config = new ServiceConfig(dir.resolve("sim.sock"), 2, CpuProfiles.skylakeServer(),
                KernelProfile.V6_12, new ServiceConfig.ClockMode.Scaled(1), "none", 1L, Set.of(), Set.of(), 0600);
        return SimulatorService.start(config, MceObserver.NONE, (uid, gids) -> privileged, msg -> { });
    }

    private ModuleBuild.Result[] buildAandB() throws Exception {
        SimulatedKernel k = new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(), Topology.flat(2)))
                .kernel(KernelProfile.V6_12).boot();
        ModuleFixtures fx = new ModuleFixtures(dir.resolve("build"), new ModuleLoader(k).kernelSymvers());
        ModuleBuild.Result a = fx.build("a", "a");
        return new ModuleBuild.Result[] {a, fx.build("b", "b", a.symvers())};
    }

    @Test
    void loadsInDependencyOrderListsAndRefusesToUnloadAModuleInUse() throws Exception {
        ModuleBuild.Result[] ab = buildAandB();
        SimulatorService sim = start(true);
        try (DeviceConnection c = DeviceConnection.connect(dir.resolve("sim.sock"), "t")) {
            byte[] a = Files.readAllBytes(ab[0].jar());
            byte[] b = Files.readAllBytes(ab[1].jar());
            assertEquals(Errno.ENOENT, assertThrows(DeviceException.class, () -> c.initModule(b, "")).errno(),
                    "b needs a's symbol: Unknown symbol");
            String kmsg = c.readText("/dev/kmsg");
            assertTrue(kmsg.lines().anyMatch(l -> l.startsWith("4,") && l.endsWith(";b: Unknown symbol a_add (err -2)")),
                    "the kernel's line, at KERN_WARNING, in dmesg: " + kmsg);
            assertEquals("", c.readText("/proc/modules"), "nothing half-loaded");
            c.initModule(a, "");
            c.initModule(b, "");
            String modules = c.readText("/proc/modules");
            assertEquals(2, modules.lines().count(), modules);
            assertEquals(true, modules.lines().anyMatch(l -> l.startsWith("a ") && l.contains(" 1 b, Live ")), modules);
            assertEquals(Errno.EBUSY, assertThrows(DeviceException.class, () -> c.deleteModule("a", 0)).errno());
            c.deleteModule("b", 0);
            c.deleteModule("a", 0);
            assertEquals("", c.readText("/proc/modules"));
        } finally {
            sim.close();
        }
    }

    @Test
    void aSimulatorThatStopsWithModulesLoadedLeavesNoImageFileBehind() throws Exception {
        ModuleBuild.Result[] ab = buildAandB();
        SimulatorService sim = start(true);
        Set<Path> images;
        try (DeviceConnection c = DeviceConnection.connect(dir.resolve("sim.sock"), "t")) {
            c.initModule(Files.readAllBytes(ab[0].jar()), "");
            assertEquals(1, c.readText("/proc/modules").lines().count());
            images = openImages();
            assertEquals(1, images.size(), "the loaded module's image is kept in a file while loaded: " + images);
        } finally {
            sim.close();
        }
        for (Path image : images) {
            assertFalse(Files.exists(image), "the stopped simulator deleted the image of the module still loaded");
        }
    }

    /**
     * The module images this JVM has open (its class loader reads a loaded module's jar): found through
     * /proc/self/fd, so that images of other processes in the shared temporary directory do not count.
     */
    private static Set<Path> openImages() throws IOException {
        Set<Path> images = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Path file = Files.readSymbolicLink(fd);
                    if (file.getFileName() != null && file.getFileName().toString().startsWith("mce-sim-module-")) {
                        images.add(file);
                    }
                } catch (IOException e) {
                    // closed since the listing
                }
            }
        }
        return images;
    }

    @Test
    void anUnprivilegedPeerMayNotLoadModules() throws Exception {
        SimulatorService sim = start(false);
        try (DeviceConnection c = DeviceConnection.connect(dir.resolve("sim.sock"), "t")) {
            assertEquals(Errno.EPERM, assertThrows(DeviceException.class, () -> c.initModule(new byte[] {1}, "")).errno());
            assertEquals(Errno.EPERM, assertThrows(DeviceException.class, () -> c.deleteModule("a", 0)).errno());
        } finally {
            sim.close();
        }
    }
}
