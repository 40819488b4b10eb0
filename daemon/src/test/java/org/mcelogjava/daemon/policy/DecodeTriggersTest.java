package org.mcelogjava.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.decode.McaEvent;
import org.mcelogjava.daemon.decode.TextInsert;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The decision for a decode event: the cache trigger's AFFECTED_CPUS, and mcelog's line where it
 * runs the trigger, with its unterminated line before it when the cache is not in sysfs.
 */
class DecodeTriggersTest {

    private DecodeTriggers triggers(CacheSharing caches) {
        McelogConfig d = McelogConfig.defaults();
        McelogConfig config = new McelogConfig(d.options(), d.global(), d.server(), d.dimm(), d.socket(),
                new McelogConfig.Cache(Optional.of("cache-error-trigger"), true), d.page(), d.triggers(), d.metrics(),
                d.logRolling());
        return new DecodeTriggers(config, caches);
    }

    private static final McaEvent.YellowCache L2_GENERIC =
            new McaEvent.YellowCache(17, 4, 0, 2, CacheSharing.UNIFIED, "Level-2", "Generic");
    private static final Mce RECORD = Mce.builder().build();

    @Test
    void affectedCpusAreTheCpusSharingTheCacheSpaceSeparated() {
        List<String> asked = new ArrayList<>();
        AccountingEvent.DecodeTrigger decided = triggers((cpu, level, type) -> {
            asked.add(cpu + "/" + level + "/" + type);
            return Optional.of(List.of(0, 4));
        }).decide(L2_GENERIC, RECORD).orElseThrow();
        assertEquals(List.of("4/2/2"), asked);
        assertEquals(new TextInsert(17, "Running trigger `cache-error-trigger' (reporter: yellow)\n"), decided.insert());
        assertEquals("0 4", decided.request().env().get("AFFECTED_CPUS"));
        assertEquals("CPU 4 on socket 0 has large number of corrected cache errors in Level-2 Generic",
                decided.request().env().get("MESSAGE"));
        assertEquals("yellow", decided.request().reporter());
    }

    @Test
    void aCacheNotInSysfsIsUnknownWithMcelogsUnterminatedLine() {
        AccountingEvent.DecodeTrigger decided = triggers(CacheSharing.UNKNOWN).decide(L2_GENERIC, RECORD).orElseThrow();
        assertEquals("Cannot find sysfs cache for CPU 4Running trigger `cache-error-trigger' (reporter: yellow)\n",
                decided.insert().text());
        assertEquals("unknown", decided.request().env().get("AFFECTED_CPUS"));
    }

    @Test
    void anEventWithoutAConfiguredTriggerDecidesNothing() {
        assertEquals(Optional.empty(), triggers(CacheSharing.UNKNOWN).decide(new McaEvent.Unknown(0, 1, 0), RECORD));
    }
}
