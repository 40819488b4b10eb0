package org.mcelogjava.kernelsim.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.mca.MceNotifier;
import org.mcelogjava.kernelsim.mm.Errno;
import org.mcelogjava.protocol.mce.Mce;

/** insmod, rmmod and lsmod over the example modules, built from their sources for each run. */
class ModuleLoaderTest {

    @TempDir
    static Path work;

    private static ModuleBuild.Result a;
    private static ModuleBuild.Result b;
    private static ModuleBuild.Result bWithoutASymvers;
    private static ModuleBuild.Result pfnfilter;
    private static ModuleBuild.Result nvfilter;

    private final SimulatedKernel kernel = boot(KernelProfile.V6_12);
    private final ModuleLoader modules = new ModuleLoader(kernel);

    private static SimulatedKernel boot(KernelProfile profile) {
        return new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(), Topology.flat(2)))
                .kernel(profile).boot();
    }

    @BeforeAll
    static void buildModules() throws IOException {
        ModuleFixtures fx = new ModuleFixtures(work, new ModuleLoader(boot(KernelProfile.V6_12)).kernelSymvers());
        a = fx.build("a", "a");
        b = fx.build("b", "b", a.symvers()); // KBUILD_EXTRA_SYMBOLS := .../a/Module.symvers
        bWithoutASymvers = fx.build("b", "b-plain");
        pfnfilter = fx.build("pfnfilter", "pfnfilter");
        nvfilter = fx.build("nvfilter", "nvfilter");
    }

    @Test
    void modpostWarnsAboutASymbolNoTableDefines() {
        assertEquals(List.of(), b.warnings());
        assertEquals(List.of("WARNING: modpost: \"a_add\" [b] undefined!"), bWithoutASymvers.warnings());
    }

    @Test
    void aModuleSymversListsItsExports() throws IOException {
        assertEquals(String.format("0x%08x\ta_add\ta\tEXPORT_SYMBOL\t\n", Symvers.crc("java.util.function.IntUnaryOperator")),
                Files.readString(a.symvers()));
        assertEquals(Symvers.of(descriptorOf(a.jar())), Symvers.read(a.symvers()));
    }

    @Test
    void bLoadsAfterAAndCallsItsExportedFunction() throws ModuleException {
        assertEquals("a", modules.insmod(a.jar(), Map.of()));
        assertEquals("b", modules.insmod(b.jar(), Map.of()));
        assertTrue(kernel.log().contains("a: init, exporting a_add"));
        assertTrue(kernel.log().contains("b: a_add(41) = 42"));
        String[] lines = modules.lsmod().split("\n");
        assertEquals("Module                  Size  Used by", lines[0]);
        assertTrue(lines[1].matches("b {18} +\\d+  0"), lines[1]);
        assertTrue(lines[2].matches("a {18} +\\d+  1 b"), lines[2]);
        assertEquals("a", modules.symbol("a_add").owner());
    }

    @Test
    void bWithoutAFailsWithUnknownSymbol() {
        ModuleException e = assertThrows(ModuleException.class, () -> modules.insmod(b.jar(), Map.of()));
        assertEquals(ModuleException.ENOENT, e.errno());
        assertEquals("insmod: ERROR: could not insert module " + b.jar() + ": Unknown symbol in module", e.getMessage());
        assertTrue(kernel.log().contains("b: Unknown symbol a_add (err -2)"));
        assertEquals(List.of(), modules.modules());
    }

    @Test
    void aModuleInUseCannotBeRemoved() throws ModuleException {
        modules.insmod(a.jar(), Map.of());
        modules.insmod(b.jar(), Map.of());
        ModuleException e = assertThrows(ModuleException.class, () -> modules.rmmod("a"));
        assertEquals(ModuleException.EBUSY, e.errno());
        assertEquals("rmmod: ERROR: Module a is in use by: b", e.getMessage());
        modules.rmmod("b");
        modules.rmmod("a");
        assertEquals("Module                  Size  Used by\n", modules.lsmod());
        assertNull(modules.symbol("a_add"));
        assertEquals(ModuleException.ENOENT, assertThrows(ModuleException.class, () -> modules.rmmod("a")).errno());
    }

    @Test
    void loadingTwiceIsRefused() throws ModuleException {
        modules.insmod(a.jar(), Map.of());
        assertEquals(ModuleException.EEXIST, assertThrows(ModuleException.class,
                () -> modules.insmod(a.jar(), Map.of())).errno());
    }

    @Test
    void aGplOnlySymbolIsRefusedToAProprietaryModule() {
        ModuleException e = assertThrows(ModuleException.class, () -> modules.insmod(nvfilter.jar(), Map.of()));
        assertEquals(ModuleException.ENOENT, e.errno());
        assertTrue(kernel.log().contains("nvfilter: module license 'Proprietary' taints kernel."));
        assertTrue(kernel.log().contains("Disabling lock debugging due to kernel taint"));
        assertTrue(kernel.log().contains("nvfilter: Unknown symbol memory_failure_filter_register (err -2)"));
        assertEquals(0, kernel.memoryFailure().memoryFailure(0x50, 0, null), "no filter was registered");
    }

    @Test
    void theFourZeroKernelRefusesAModuleBuiltWithoutItsSupplierSymvers() throws ModuleException {
        SimulatedKernel old = boot(KernelProfile.V4_0);
        ModuleLoader loader = new ModuleLoader(old);
        loader.insmod(a.jar(), Map.of());
        ModuleException e = assertThrows(ModuleException.class, () -> loader.insmod(bWithoutASymvers.jar(), Map.of()));
        assertEquals(ModuleException.EINVAL, e.errno());
        assertTrue(old.log().contains("b: no symbol version for a_add"));
        assertTrue(old.log().contains("b: Unknown symbol a_add (err -22)"));
        loader.insmod(b.jar(), Map.of());
        assertTrue(old.log().contains("b: a_add(41) = 42"));
    }

    @Test
    void theCurrentKernelOnlyWarnsAboutAMissingVersion() throws ModuleException {
        modules.insmod(a.jar(), Map.of());
        modules.insmod(bWithoutASymvers.jar(), Map.of());
        assertTrue(kernel.log().contains("b: no symbol version for a_add"));
        assertTrue(kernel.log().contains("b: a_add(41) = 42"));
    }

    @Test
    void theFilterModuleKeepsMemoryFailureAwayFromItsPfns() throws ModuleException {
        modules.insmod(pfnfilter.jar(), Map.of("pfns", "0x42,0x99"));
        assertTrue(kernel.log().contains("pfnfilter: skipping 2 pfns"));
        assertEquals(-Errno.EOPNOTSUPP, kernel.memoryFailure().memoryFailure(0x42, 0, null));
        assertFalse(kernel.memoryFailure().memory().page(0x42).hwPoison());
        // a UCNA the poller finds goes through uc_decode_notifier to memory_failure, which skips the page
        kernel.hardware().error(1, 13, 0xbc00000000000090L, 0x99000, 0x86, 0, null);
        assertFalse(kernel.log().contains("Memory failure: 0x99"));
        assertEquals(0, kernel.memoryFailure().memoryFailure(0x43, 0, null));
        modules.rmmod("pfnfilter");
        assertEquals(0, kernel.memoryFailure().memoryFailure(0x42, 0, null));
        assertTrue(kernel.log().contains("Memory failure: 0x42: recovery action for free buddy page: Recovered"));
    }

    @Test
    void theDecodeChainExportAddsANotifierThatSeesEveryRecord() {
        List<Long> banks = new java.util.ArrayList<>();
        MceNotifier notifier = new MceNotifier() {
            @Override
            public int priority() {
                return PRIO_EDAC;
            }

            @Override
            public Mce notify(Mce m) {
                banks.add((long) m.bank());
                return m;
            }
        };
        @SuppressWarnings("unchecked")
        Consumer<MceNotifier> register = (Consumer<MceNotifier>) modules.symbol("mce_register_decode_chain").value();
        assertEquals(ExportType.EXPORT_SYMBOL_GPL, modules.symbol("mce_register_decode_chain").type());
        register.accept(notifier);
        kernel.hardware().corrected(0, 1, 0x0134);
        assertEquals(List.of(1L), banks);
    }

    @Test
    void aDescriptorWithoutInitIsAnInvalidModuleFormat() throws IOException {
        Path jar = work.resolve("broken.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry(ModuleDescriptor.PATH));
            out.write("name=broken\nlicense=GPL\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        ModuleException e = assertThrows(ModuleException.class, () -> modules.insmod(jar, Map.of()));
        assertEquals(ModuleException.ENOEXEC, e.errno());
        assertTrue(e.getMessage().contains("Invalid module format (module descriptor lacks 'init')"), e.getMessage());
    }

    @Test
    void descriptorsRoundTrip() throws IOException {
        ModuleDescriptor d = descriptorOf(b.jar());
        assertEquals(Map.of("a_add", Symvers.crc("java.util.function.IntUnaryOperator"),
                "printk", Symvers.crc("java.util.function.Consumer<java.lang.String>")), d.versions());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        d.write(out);
        assertEquals(d, ModuleDescriptor.read(new java.io.ByteArrayInputStream(out.toByteArray())));
    }

    private static ModuleDescriptor descriptorOf(Path jar) throws IOException {
        try (java.util.jar.JarFile jf = new java.util.jar.JarFile(jar.toFile())) {
            return ModuleDescriptor.read(jf.getInputStream(jf.getJarEntry(ModuleDescriptor.PATH)));
        }
    }
}
