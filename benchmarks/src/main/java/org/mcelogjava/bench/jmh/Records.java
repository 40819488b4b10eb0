package org.mcelogjava.bench.jmh;

import org.mcelogjava.protocol.mce.Mce;

/** The records the benchmarks work on. */
final class Records {

    private Records() {
    }

    /** A corrected memory-controller read error with MISC and ADDR, as a Skylake server logs it. */
    static Mce memoryRead() {
        return Mce.builder().status(0x8c00004000010091L).misc(0x8c).addr(0x12345000L).time(1_700_000_000L)
                .cpuid(0x50654).bank(7).extcpu(1).mcgcap(0x0f000c14L).finished(1).build();
    }
}
