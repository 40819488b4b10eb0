package org.mcelogjava.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.config.Threshold;
import org.mcelogjava.daemon.config.ThresholdAction;
import org.mcelogjava.daemon.dmi.DmiMemory;
import org.mcelogjava.protocol.mce.Mce;

/** The DIMM database filled from DMI: names in the dump with bios, in LOCATION and the DMI_* variables. */
class DmiPrefillTest {

    private final MemoryAccounting memdb = new MemoryAccounting(
            new MemoryAccounting.Kind(true, "DIMM",
                    new ThresholdAction(Threshold.parse("1 / 24h"), Optional.of("dimm-trigger"), true),
                    ThresholdAction.DISABLED),
            new MemoryAccounting.Kind(true, "Socket", ThresholdAction.DISABLED, ThresholdAction.DISABLED),
            "/bin", () -> 2_000_000_000L);

    @Test
    void bankLocatorsInMcelogsFormsPlaceTheDimms() {
        assertEquals(Optional.of(new MemoryErrorSite(1, 2, 0)), BankLocator.parse("P1_Node1_Channel2_Dimm0", 0));
        assertEquals(Optional.of(new MemoryErrorSite(0, 3, 1)), BankLocator.parse("NODE 0 CHANNEL 3 DIMM 1", 0));
        assertEquals(Optional.of(new MemoryErrorSite(1, 5, 2)), BankLocator.parse("Node1_Bank2", 5),
                "no channel: the last one parsed");
        assertEquals(Optional.of(new MemoryErrorSite(1, 0, 0)), BankLocator.parse("A1_BANK0", 0));
        assertEquals(Optional.empty(), BankLocator.parse("BANK 0", 0));
        assertEquals(Optional.empty(), BankLocator.parse(null, 0));
    }

    @Test
    void prefilledDimmsCarryTheirNamesIntoTheDumpAndTheTriggers() {
        int missed = memdb.prefill(List.of(new DmiMemory.Device("CPU0_DIMM_A1", "P0_Node0_Channel0_Dimm0"),
                new DmiMemory.Device("CPU0_DIMM_B1", "P0_Node0_Channel1_Dimm0"),
                new DmiMemory.Device("CPU0_DIMM_B1", "P0_Node0_Channel1_Dimm0"),
                new DmiMemory.Device("NOSLOT", "BANK 9")));
        assertEquals(2, missed, "a second device at one place and a locator in no known form");
        assertEquals("Memory errors\nSOCKET 0 CHANNEL 0 DIMM 0\nDMI_NAME \"CPU0_DIMM_A1\" "
                + "DMI_LOCATION \"P0_Node0_Channel0_Dimm0\"\ncorrected memory errors:\n\t0 total\n\t0 in 24h\n"
                + "uncorrected memory errors:\n\t0 total\n", memdb.dump(true, true).split("\n\n")[0] + "\n");
        assertEquals("Memory errors\n\n", memdb.dump(false, true), "no errors: only the separators");
        Mce m = Mce.builder().status(0x8c00_0000_0000_0091L).addr(0x1000).socketid(0).time(1_700_000_000L).build();
        List<AccountingEvent> events = memdb.account(m, new MemoryErrorSite(0, 1, 0), 0);
        assertTrue(events.contains(new AccountingEvent.Notice("Location SOCKET:0 CHANNEL:1 DIMM:0 "
                + "[P0_Node0_Channel1_Dimm0 CPU0_DIMM_B1]")), events.toString());
        TriggerRequest t = events.stream().filter(e -> e instanceof AccountingEvent.Trigger)
                .map(e -> ((AccountingEvent.Trigger) e).request()).findFirst().orElseThrow();
        assertEquals("CPU0_DIMM_B1", t.env().get("DMI_NAME"));
        assertEquals("P0_Node0_Channel1_Dimm0", t.env().get("DMI_LOCATION"));
        assertTrue(memdb.dump(false, true).contains("SOCKET 0 CHANNEL 1 DIMM 0\nDMI_NAME \"CPU0_DIMM_B1\""));
        assertTrue(memdb.dump(false, false).contains("SOCKET 0 CHANNEL 1 DIMM 0\ncorrected"), "names only with bios");
    }
}
