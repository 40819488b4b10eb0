package org.mcelogjava.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.decode.McaEvent;
import org.mcelogjava.daemon.decode.TextBuffer;

/** The cache trigger's AFFECTED_CPUS and mcelog's line when the cache is not in sysfs. */
class DecodeTriggersTest {

    private final List<TriggerRequest> started = new ArrayList<>();

    private DecodeTriggers triggers(CacheSharing caches) {
        McelogConfig d = McelogConfig.defaults();
        McelogConfig config = new McelogConfig(d.options(), d.global(), d.server(), d.dimm(), d.socket(),
                new McelogConfig.Cache(Optional.of("cache-error-trigger"), true), d.page(), d.triggers(), d.metrics(),
                d.logRolling());
        return new DecodeTriggers(config, started::add, caches);
    }

    private static final McaEvent.YellowCache L2_GENERIC =
            new McaEvent.YellowCache(0, 4, 0, 2, CacheSharing.UNIFIED, "Level-2", "Generic");

    @Test
    void affectedCpusAreTheCpusSharingTheCacheSpaceSeparated() {
        List<String> asked = new ArrayList<>();
        TextBuffer out = new TextBuffer(256);
        triggers((cpu, level, type) -> {
            asked.add(cpu + "/" + level + "/" + type);
            return Optional.of(List.of(0, 4));
        }).announce(L2_GENERIC, null, out);
        assertEquals(List.of("4/2/2"), asked);
        assertEquals("Running trigger `cache-error-trigger' (reporter: yellow)\n", out.toString());
        assertEquals("0 4", started.get(0).env().get("AFFECTED_CPUS"));
        assertEquals("CPU 4 on socket 0 has large number of corrected cache errors in Level-2 Generic",
                started.get(0).env().get("MESSAGE"));
    }

    @Test
    void aCacheNotInSysfsIsUnknownWithMcelogsUnterminatedLine() {
        TextBuffer out = new TextBuffer(256);
        triggers(CacheSharing.UNKNOWN).announce(L2_GENERIC, null, out);
        assertEquals("Cannot find sysfs cache for CPU 4Running trigger `cache-error-trigger' (reporter: yellow)\n",
                out.toString());
        assertEquals("unknown", started.get(0).env().get("AFFECTED_CPUS"));
    }

    @Test
    void sharedCpuMapsAreReadMostSignificantGroupFirst() {
        assertEquals(List.of(0, 1, 40), SysfsCaches.cpuMap("0100,00000003"));
        assertEquals(List.of(0, 1, 2, 3), SysfsCaches.cpuMap("f"));
        assertEquals(List.of(31, 63), SysfsCaches.cpuMap("80000000,80000000"));
    }
}
