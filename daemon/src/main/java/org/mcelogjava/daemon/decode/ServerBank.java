package org.mcelogjava.daemon.decode;

/** What a bank of a 10nm-and-later Xeon holds, as mcelog's per-model {@code enum banktype} maps. */
enum ServerBank {
    UNKNOWN, PCU, UPI, M2M, IMC, HBM_M2M, HBM_IMC;

    /** Builds a 32-entry bank map from (first, last, kind) triples. */
    static ServerBank[] map(Object... ranges) {
        ServerBank[] map = new ServerBank[32];
        java.util.Arrays.fill(map, UNKNOWN);
        for (int i = 0; i < ranges.length; i += 3) {
            for (int b = (Integer) ranges[i]; b <= (Integer) ranges[i + 1]; b++) {
                map[b] = (ServerBank) ranges[i + 2];
            }
        }
        return map;
    }

    /** The kind of {@code bank}; banks past the map (undefined in mcelog) are unknown. */
    static ServerBank of(ServerBank[] map, int bank) {
        return bank < map.length ? map[bank] : UNKNOWN;
    }
}
