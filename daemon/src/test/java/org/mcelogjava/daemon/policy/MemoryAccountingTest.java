package org.mcelogjava.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.config.Threshold;
import org.mcelogjava.daemon.config.ThresholdAction;
import org.mcelogjava.protocol.mce.Mce;

/** mcelog's memory database (memdb.c): DIMM and socket objects, the Fallback rule and the dump. */
class MemoryAccountingTest {

    private static final long CE = 0x8c00_0040_0001_0091L;
    private static final long UC = 0xbd00_0000_0010_00c1L;
    private static final MemoryErrorSite SITE = new MemoryErrorSite(0, 1, 2);

    private long now = 2_000_000_000L;

    private static ThresholdAction action(String threshold, String trigger) {
        return new ThresholdAction(Threshold.parse(threshold), Optional.ofNullable(trigger), true);
    }

    private MemoryAccounting memdb(boolean dimms, boolean sockets) {
        return new MemoryAccounting(
                new MemoryAccounting.Kind(dimms, "DIMM", action("5 / 24h", null), ThresholdAction.DISABLED),
                new MemoryAccounting.Kind(sockets, "Socket", action("3 / 1h", "sock"), ThresholdAction.DISABLED),
                "/bin", () -> now);
    }

    private static Mce error(long status, long time) {
        return Mce.builder().status(status).time(time).build();
    }

    @Test
    void theCmciCountBeyondOneIsAccountedToTheSocketAsFallback() {
        MemoryAccounting memdb = memdb(true, true);
        List<AccountingEvent> events = memdb.account(error(CE, 1_700_000_000L), SITE, 4);
        assertEquals(new AccountingEvent.ThresholdCrossed("Fallback Socket memory error count 3 exceeded threshold: 3 in 1h", true),
                events.get(0));
        TriggerRequest fallback = ((AccountingEvent.Trigger) events.get(2)).request();
        assertEquals("sockdb_fallback", fallback.reporter());
        assertNull(fallback.env().get("LASTEVENT"), "the fallback trigger has no event time");
        assertEquals("3", fallback.env().get("TOTALCOUNT"));
        assertEquals(3, events.size(), "the record itself leaves the socket bucket below its threshold");
        assertEquals("""
                Memory errors
                SOCKET 0 CHANNEL any DIMM any
                corrected memory errors:
                \t4 total
                \t4 in 24h

                SOCKET 0 CHANNEL 1 DIMM 2
                corrected memory errors:
                \t1 total
                \t1 in 24h
                """, memdb.dump(false, true), "the socket's line shows the [dimm] window, as mcelog's dump does");
    }

    @Test
    void aSiteWithoutChannelAndDimmIsOnlyCountedPerSocket() {
        MemoryAccounting memdb = memdb(true, false);
        memdb.account(error(UC, 1_700_000_000L), new MemoryErrorSite(3, -1, -1), 0);
        assertEquals("", memdb.dump(true, false));
    }

    @Test
    void theDumpSkipsObjectsWithoutErrorsButKeepsTheirSeparator() {
        MemoryAccounting memdb = memdb(true, true);
        memdb.object(new MemoryErrorSite(0, 0, 0));
        memdb.account(error(CE, 1_700_000_000L), SITE, 0);
        assertEquals("Memory errors\n"
                + "SOCKET 0 CHANNEL any DIMM any\ncorrected memory errors:\n\t1 total\n\t1 in 24h\n\n\n"
                + "SOCKET 0 CHANNEL 1 DIMM 2\ncorrected memory errors:\n\t1 total\n\t1 in 24h\n",
                memdb.dump(false, false));
    }

    @Test
    void theDumpDrainsBucketsByTheWallClock() {
        MemoryAccounting memdb = memdb(true, false);
        now = 1_700_000_000L;
        memdb.account(error(CE, now), SITE, 0);
        now += 2 * 86_400;
        assertEquals("Memory errors\nSOCKET 0 CHANNEL 1 DIMM 2\ncorrected memory errors:\n\t1 total\n",
                memdb.dump(false, false));
    }
}
