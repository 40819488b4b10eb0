package org.mcelogjava.kernelsim.service;

import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.faults.BankLayout;
import org.mcelogjava.kernelsim.firmware.SmbiosStructure;
import org.mcelogjava.kernelsim.firmware.SmbiosTables;
import org.mcelogjava.kernelsim.machine.CacheLeaf;
import org.mcelogjava.kernelsim.mm.PhysicalMemory;
import org.mcelogjava.kernelsim.sysfs.Attribute;
import org.mcelogjava.kernelsim.sysfs.Bitmaps;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.device.DevicePaths;

/**
 * The files that describe the simulated machine rather than its MCA state: each online CPU's
 * caches ({@code /sys/devices/system/cpu/cpuN/cache}), {@code /proc/cpuinfo}, the machine-check
 * interrupt counts of {@code /proc/interrupts}, and the firmware's
 * SMBIOS memory structures ({@code /sys/firmware/dmi/entries}), what mcelog reads to find the CPUs
 * sharing a cache, to check the CPU, and to name DIMMs.
 */
final class MachineAttributes {

    static final String CPU = "/sys/devices/system/cpu/cpu";
    static final String DMI_ENTRIES = "/sys/firmware/dmi/entries/";
    static final String INTERRUPTS = "/proc/interrupts";

    private final SimulatedKernel kernel;
    private final EngineThread engine;
    private final SysfsTree tree;

    MachineAttributes(SimulatedKernel kernel, EngineThread engine, SysfsTree tree) {
        this.kernel = kernel;
        this.engine = engine;
        this.tree = tree;
    }

    /** Registers every file: the caches of the CPUs online now, /proc/cpuinfo, the DMI entries. */
    void registerAll() {
        for (int cpu = 0; cpu < kernel.machine().cpuCount(); cpu++) {
            if (kernel.machine().isOnline(cpu)) {
                registerCaches(cpu);
            }
        }
        tree.register(DevicePaths.CPUINFO, new Attribute(0444,
                Attribute.Show.text(() -> engine.syscall(() -> ProcCpuinfo.show(kernel.machine()))), null));
        tree.register(INTERRUPTS, new Attribute(0444,
                Attribute.Show.text(() -> engine.syscall(() -> ProcInterrupts.show(kernel.context()))), null));
        registerDmi();
    }

    /** A CPU came online: its cache directory appears. */
    void cpuUp(int cpu) {
        registerCaches(cpu);
    }

    /** A CPU went offline: its cache directory goes. */
    void cpuDown(int cpu) {
        tree.unregister(CPU + cpu + "/cache");
    }

    /**
     * {@code /sys/devices/system/cpu/cpuN/cache/indexM/} (drivers/base/cacheinfo.c) for an online
     * CPU: {@code level}, {@code type}, and the CPUs sharing the cache as {@code shared_cpu_map}
     * and {@code shared_cpu_list}, read at show time so they follow hotplug.
     */
    private void registerCaches(int cpu) {
        int nrCpuIds = kernel.machine().cpuCount();
        for (CacheLeaf leaf : CacheLeaf.LEAVES) {
            String dir = CPU + cpu + "/cache/index" + leaf.index() + "/";
            tree.register(dir + "level", new Attribute(0444, Attribute.Show.text(() -> leaf.level() + "\n"), null));
            tree.register(dir + "type", new Attribute(0444, Attribute.Show.text(() -> leaf.type() + "\n"), null));
            tree.register(dir + "shared_cpu_map", new Attribute(0444, Attribute.Show.text(() ->
                    Bitmaps.mask(engine.syscall(() -> leaf.sharedCpus(kernel.machine(), cpu)), nrCpuIds) + "\n"), null));
            tree.register(dir + "shared_cpu_list", new Attribute(0444, Attribute.Show.text(() ->
                    Bitmaps.list(engine.syscall(() -> leaf.sharedCpus(kernel.machine(), cpu))) + "\n"), null));
        }
    }

    /**
     * {@code /sys/firmware/dmi/entries/T-N/} (drivers/firmware/dmi-sysfs.c): the SMBIOS structures of
     * the machine's memory, {@code raw} readable by root only, {@code type}, {@code instance},
     * {@code handle} and {@code length} by all.
     */
    private void registerDmi() {
        long bytes = kernel.memoryFailure().memory().pageCount() << PhysicalMemory.PAGE_SHIFT;
        for (SmbiosStructure s : SmbiosTables.of(BankLayout.dimms(kernel.machine(), bytes),
                kernel.machine().topology().sockets())) {
            String dir = DMI_ENTRIES + s.type() + "-" + s.instance() + "/";
            byte[] raw = s.raw();
            tree.register(dir + "raw", new Attribute(0400, () -> raw.clone(), null));
            tree.register(dir + "type", new Attribute(0444, Attribute.Show.text(() -> s.type() + "\n"), null));
            tree.register(dir + "instance", new Attribute(0444, Attribute.Show.text(() -> s.instance() + "\n"), null));
            tree.register(dir + "handle", new Attribute(0444, Attribute.Show.text(() -> s.handle() + "\n"), null));
            tree.register(dir + "length", new Attribute(0444, Attribute.Show.text(() -> s.length() + "\n"), null));
        }
    }

}
