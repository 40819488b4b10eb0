package org.mcelogjava.kernelsim.machine;

import java.util.BitSet;
import java.util.List;

/**
 * One cache the kernel's cacheinfo (drivers/base/cacheinfo.c, filled from CPUID leaf 4) shows as
 * {@code /sys/devices/system/cpu/cpuN/cache/indexM}. Every profile has the x86 server layout:
 * L1 data and L1 instruction and a unified L2 per core (shared by its SMT threads), and a unified L3
 * per package.
 *
 * @param index      the M of {@code indexM}
 * @param level      1, 2 or 3
 * @param type       {@code Data}, {@code Instruction} or {@code Unified}, as the {@code type} file says
 * @param perPackage whether every CPU of the package shares it (else only the core's threads)
 */
public record CacheLeaf(int index, int level, String type, boolean perPackage) {

    /** The leaves of every CPU, in index order. */
    public static final List<CacheLeaf> LEAVES = List.of(
            new CacheLeaf(0, 1, "Data", false),
            new CacheLeaf(1, 1, "Instruction", false),
            new CacheLeaf(2, 2, "Unified", false),
            new CacheLeaf(3, 3, "Unified", true));

    /**
     * {@code shared_cpu_map} of this leaf on {@code cpu}: the online CPUs sharing it (an offline CPU
     * leaves its siblings' maps, as cacheinfo's CPU-down callback does).
     */
    public BitSet sharedCpus(Machine machine, int cpu) {
        Topology t = machine.topology();
        BitSet shared = new BitSet(machine.cpuCount());
        for (int other = 0; other < machine.cpuCount(); other++) {
            boolean samePackage = t.socketOf(other) == t.socketOf(cpu);
            if (machine.isOnline(other) && samePackage && (perPackage || t.coreOf(other) == t.coreOf(cpu))) {
                shared.set(other);
            }
        }
        return shared;
    }
}
