package org.mcelogjava.daemon.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.stream.StreamRecord;

/** The replay kept as bytes gives back the records published, the newest ones, as they were. */
class ReplayRingTest {

    private static StreamRecord record(long seq, String text) {
        Mce m = Mce.builder().status(0x9c00000000010090L | seq).addr(seq << 12).misc(0x8c).bank(7).extcpu(3)
                .socketid(1).cpuid(0x50654).time(1_700_000_000L + seq).ppin(0x5a5a000000000000L).finished(1).build();
        return new StreamRecord(seq, m, "Skylake server", "BANK 7", "memory", "corrected",
                "Memory read error", "LEVEL 0", 1, 2, seq % 2 == 0 ? -1 : 0, seq % 2 == 0 ? null : "CPU1_DIMM_C1", seq << 12,
                List.of("DIMM CPU1_DIMM_C1 exceeded threshold"), List.of("soft offline page " + seq),
                text + "\n");
    }

    private static List<StreamRecord> kept(ReplayRing ring) {
        List<StreamRecord> out = new ArrayList<>();
        ring.forEach(out::add);
        return out;
    }

    @Test
    void everyFieldComesBackAsPublishedIncludingAbsentOnesAndTextBeyondAscii() {
        ReplayRing ring = new ReplayRing(4, 64 * 1024);
        StreamRecord full = record(1, "MCE 0\nCPU 3 BANK 7 \u00b5 caf\u00e9 \u6d4b\u8bd5");
        StreamRecord sparse = new StreamRecord(2, Mce.builder().bank(1).build(), null, null, "other", null, null,
                null, -1, -1, -1, null, -1, List.of(), List.of(), "");
        ring.add(full);
        ring.add(sparse);
        assertEquals(List.of(full, sparse), kept(ring));
    }

    @Test
    void theNewestCapacityRecordsAreKeptOldestFirst() {
        ReplayRing ring = new ReplayRing(3, 64 * 1024);
        LongStream.rangeClosed(1, 7).forEach(seq -> ring.add(record(seq, "MCE " + seq)));
        assertEquals(List.of(5L, 6L, 7L), kept(ring).stream().map(StreamRecord::seq).toList());
    }

    /**
     * When the bytes run out first, the oldest records go until the new one fits, across the end of
     * the ring as often as it is passed; a record larger than the ring is not kept.
     */
    @Test
    void theBytesBoundKeepsTheNewestThatFitAcrossTheEndOfTheRing() {
        ReplayRing ring = new ReplayRing(1000, 4096);
        String text = "x".repeat(600); // about 900 bytes with the rest: four fit in 4 KiB, five do not
        for (long seq = 1; seq <= 50; seq++) {
            ring.add(record(seq, text + seq));
            List<StreamRecord> kept = kept(ring);
            assertEquals(seq, kept.get(kept.size() - 1).seq());
            assertEquals(record(seq, text + seq), kept.get(kept.size() - 1));
            assertEquals(Math.min(seq, kept.size()), kept.size());
            assertEquals(LongStream.rangeClosed(seq - kept.size() + 1, seq).boxed().toList(),
                    kept.stream().map(StreamRecord::seq).toList(), "consecutive, newest last");
        }
        assertEquals(4, ring.size(), "four records of about 900 bytes in 4 KiB");
        ring.add(record(51, "y".repeat(5000)));
        assertEquals(4, ring.size(), "a record larger than the ring is not kept, and nothing is lost for it");
        ring.clear();
        assertEquals(List.of(), kept(ring));
    }

    /**
     * The array starts small and doubles as records come, up to the bound; records kept across each
     * growth come back whole and in order, and once the bound is reached the oldest go as before.
     */
    @Test
    void theArrayGrowsWithTheRecordsUpToItsBound() {
        int bound = 1024 * 1024;
        ReplayRing ring = new ReplayRing(5000, bound);
        assertEquals(ReplayRing.FIRST_BYTES, ring.allocated(), "a new ring holds a small array, not its bound");
        String text = "z".repeat(600); // about 900 bytes a record
        int previous = ring.allocated();
        for (long seq = 1; seq <= 3000; seq++) {
            ring.add(record(seq, text + seq));
            assertTrue(ring.allocated() == previous || ring.allocated() == Math.min(bound, 2 * previous),
                    "it doubles, up to the bound: " + previous + " -> " + ring.allocated());
            previous = ring.allocated();
            if (seq == 60 || seq == 500 || seq == 3000) {
                List<StreamRecord> kept = kept(ring);
                assertEquals(LongStream.rangeClosed(seq - kept.size() + 1, seq).boxed().toList(),
                        kept.stream().map(StreamRecord::seq).toList(), "consecutive, newest last");
                assertEquals(record(seq - kept.size() + 1, text + (seq - kept.size() + 1)), kept.get(0),
                        "the oldest kept comes back whole");
            }
            if (seq == 60) {
                assertEquals(ReplayRing.FIRST_BYTES, ring.allocated(), "60 records fit the first array");
            }
            if (seq == 60 || seq == 500) {
                assertEquals(seq, kept(ring).size(), "nothing lost while it grows");
            }
        }
        assertEquals(bound, ring.allocated());
        assertTrue(ring.size() > 1000 && ring.size() < 1200, "the bound keeps about 1 MiB / 900 bytes: " + ring.size());
    }

    @Test
    void aRingOfNoRecordsKeepsNothing() {
        ReplayRing ring = new ReplayRing(0, 0);
        ring.add(record(1, "MCE 0"));
        assertEquals(List.of(), kept(ring));
    }
}
