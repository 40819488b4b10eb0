package org.mcelogjava.daemon.act;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The CPUs sharing a cache, read from sysfs's {@code shared_cpu_map} as mcelog's cache.c reads it. */
class SysfsCachesTest {

    @Test
    void sharedCpuMapsAreReadMostSignificantGroupFirst() {
        assertEquals(List.of(0, 1, 40), SysfsCaches.cpuMap("0100,00000003"));
        assertEquals(List.of(0, 1, 2, 3), SysfsCaches.cpuMap("f"));
        assertEquals(List.of(31, 63), SysfsCaches.cpuMap("80000000,80000000"));
    }
}
