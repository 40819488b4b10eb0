package org.mcelogjava.daemon.act;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mcelogjava.daemon.machine.MachineFiles;
import org.mcelogjava.daemon.policy.CacheSharing;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.DevicePaths;

/**
 * mcelog's cache.c over the machine's sysfs: on the first lookup, every
 * {@code /sys/devices/system/cpu/cpuN/cache/indexM/} is read ({@code level}, {@code type},
 * {@code shared_cpu_map}) and kept, as mcelog keeps it; a tree that cannot be read is tried again
 * at the next lookup. The tree is the simulator's, read on the daemon's one device connection, or
 * the file system's ({@link MachineFiles}).
 */
public final class SysfsCaches implements CacheSharing {

    private record Leaf(int level, int type, List<Integer> cpus) {
    }

    private final MachineFiles machine;
    private Map<Integer, List<Leaf>> caches;

    public SysfsCaches(MachineFiles machine) {
        this.machine = machine;
    }

    @Override
    public synchronized Optional<List<Integer>> cpus(int cpu, int level, int type) {
        if (caches == null) {
            try {
                caches = read(machine);
            } catch (IOException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return caches.getOrDefault(cpu, List.of()).stream()
                .filter(l -> l.level() == level && l.type() == type)
                .findFirst()
                .map(Leaf::cpus);
    }

    private static Map<Integer, List<Leaf>> read(MachineFiles c) throws IOException {
        Map<Integer, List<Leaf>> all = new HashMap<>();
        for (AttrEntry cpuDir : c.list(DevicePaths.CPU_DIR)) {
            if (!cpuDir.name().matches("cpu\\d+") || cpuDir.kind() != AttrEntry.Kind.DIRECTORY) {
                continue;
            }
            String cacheDir = DevicePaths.CPU_DIR + "/" + cpuDir.name() + "/cache";
            List<AttrEntry> indexes;
            try {
                indexes = c.list(cacheDir);
            } catch (IOException e) {
                continue; // an offline CPU has no cache directory
            }
            List<Leaf> leaves = new ArrayList<>();
            for (AttrEntry index : indexes) {
                if (!index.name().startsWith("index")) {
                    continue;
                }
                String dir = cacheDir + "/" + index.name() + "/";
                leaves.add(new Leaf(Integer.parseInt(c.readText(dir + "level").strip()),
                        type(c.readText(dir + "type").strip()), cpuMap(c.readText(dir + "shared_cpu_map").strip())));
            }
            all.put(Integer.parseInt(cpuDir.name().substring(3)), List.copyOf(leaves));
        }
        return all;
    }

    private static int type(String name) {
        return switch (name) {
            case "Instruction" -> INSTRUCTION;
            case "Data" -> DATA;
            case "Unified" -> UNIFIED;
            default -> -1;
        };
    }

    /** A {@code shared_cpu_map}: 32-bit hex groups, most significant first. */
    static List<Integer> cpuMap(String map) {
        String[] groups = map.split(",");
        List<Integer> cpus = new ArrayList<>();
        for (int g = groups.length - 1, base = 0; g >= 0; g--, base += 32) {
            long bits = Long.parseLong(groups[g], 16);
            for (int b = 0; b < 32; b++) {
                if ((bits & (1L << b)) != 0) {
                    cpus.add(base + b);
                }
            }
        }
        return List.copyOf(cpus);
    }
}
