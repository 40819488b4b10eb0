package org.mcelogjava.kernelsim.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheLeafTest {

    private static List<Integer> cpus(BitSet b) {
        return b.stream().boxed().toList();
    }

    @Test
    void coreCachesAreSharedBySmtThreadsAndTheL3ByThePackage() {
        // 2 sockets x 2 cores x 2 threads: CPU 4 is CPU 0's sibling thread, socket 1 has CPUs 2, 3, 6, 7
        Machine m = new Machine(CpuProfiles.skylakeServer(), new Topology(2, 2, 2));
        CacheLeaf l1d = CacheLeaf.LEAVES.get(0);
        CacheLeaf l2 = CacheLeaf.LEAVES.get(2);
        CacheLeaf l3 = CacheLeaf.LEAVES.get(3);
        assertEquals(List.of(0, 4), cpus(l1d.sharedCpus(m, 0)));
        assertEquals(List.of(0, 4), cpus(l2.sharedCpus(m, 4)));
        assertEquals(List.of(0, 1, 4, 5), cpus(l3.sharedCpus(m, 1)));
        assertEquals(List.of(2, 3, 6, 7), cpus(l3.sharedCpus(m, 7)));
    }

    @Test
    void anOfflineCpuLeavesItsSiblingsMaps() {
        Machine m = new Machine(CpuProfiles.skylakeServer(), new Topology(1, 2, 2));
        m.setOnline(2, false);
        assertEquals(List.of(0), cpus(CacheLeaf.LEAVES.get(0).sharedCpus(m, 0)));
        assertEquals(List.of(0, 1, 3), cpus(CacheLeaf.LEAVES.get(3).sharedCpus(m, 3)));
    }

    @Test
    void theLeavesAreL1dL1iL2AndL3() {
        assertEquals(List.of("1 Data", "1 Instruction", "2 Unified", "3 Unified"),
                CacheLeaf.LEAVES.stream().map(l -> l.level() + " " + l.type()).toList());
    }
}
