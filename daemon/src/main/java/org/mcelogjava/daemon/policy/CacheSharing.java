package org.mcelogjava.daemon.policy;

import java.util.List;
import java.util.Optional;

/** Which CPUs share one of a CPU's caches (mcelog's {@code cache_to_cpus}). */
@FunctionalInterface
public interface CacheSharing {

    /** Nothing known: every lookup is empty. */
    CacheSharing UNKNOWN = (cpu, level, type) -> Optional.empty();

    /** MCACOD's cache type numbers, as mcelog's cache.c numbers them. */
    int INSTRUCTION = 0;
    int DATA = 1;
    int UNIFIED = 2;

    /**
     * The CPUs, ascending, sharing {@code cpu}'s cache of {@code level} and {@code type}
     * ({@link #INSTRUCTION}, {@link #DATA} or {@link #UNIFIED}); empty if there is no such cache
     * or the topology cannot be read.
     */
    Optional<List<Integer>> cpus(int cpu, int level, int type);
}
