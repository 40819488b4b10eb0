package org.mcelogjava.daemon.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.dmi.DmiMemory;

/** Memory sites placed on the DIMMs DMI describes. */
class DimmMapTest {

    /** Socket 0: channel 1 holds DIMM 1 only; channel 3 holds DIMMs 0, 1 and 2. */
    private static final DimmMap MAP = new DimmMap(List.of(
            new DmiMemory.Device("CPU0_DIMM_B2", "P0_Node0_Channel1_Dimm1"),
            new DmiMemory.Device("CPU0_DIMM_D1", "P0_Node0_Channel3_Dimm0"),
            new DmiMemory.Device("CPU0_DIMM_D2", "P0_Node0_Channel3_Dimm1"),
            new DmiMemory.Device("CPU0_DIMM_D3", "P0_Node0_Channel3_Dimm2"),
            new DmiMemory.Device("NO DIMM", null),
            new DmiMemory.Device("CPU0_DIMM_X", "BANK 7")));

    @Test
    void aDimmTheRecordNamesKeepsItsNumberAndGetsItsSlotName() {
        assertEquals(new DimmLocation(0, 3, 1, "CPU0_DIMM_D2"), MAP.locate(new MemorySite(0, 3, 1, -1)));
    }

    @Test
    void aRecordThatNamesNoDimmIsOnTheOnlyDimmOfItsChannelWhateverItsNumber() {
        assertEquals(new DimmLocation(0, 1, 1, "CPU0_DIMM_B2"), MAP.locate(new MemorySite(0, 1, -1, -1)));
    }

    @Test
    void onAChannelOfSeveralDimmsOrAnUnknownChannelTheDimmStaysUnknownWithEdacsDefaultLabel() {
        assertEquals(new DimmLocation(0, 3, -1, "CPU_SrcID#0_Chan#3_DIMM#any"), MAP.locate(new MemorySite(0, 3, -1, -1)));
        assertEquals(new DimmLocation(0, -1, -1, "CPU_SrcID#0_Chan#any_DIMM#any"),
                MAP.locate(new MemorySite(0, -1, -1, -1)));
    }

    @Test
    void aFailingRankSixOrSevenIsDimmTwoOnlyWhereTheChannelHasOne() {
        assertEquals(new DimmLocation(0, 3, 2, "CPU0_DIMM_D3"), MAP.locate(new MemorySite(0, 3, 1, 6)));
        assertEquals(new DimmLocation(0, 1, 1, "CPU0_DIMM_B2"), MAP.locate(new MemorySite(0, 1, 1, 7)));
    }

    @Test
    void onAChannelOfSeveralDimmsTheErrorsAddressFindsItsDimmByTheDimmsDmiRange() {
        DimmMap map = new DimmMap(List.of(
                new DmiMemory.Device("CPU0_DIMM_D1", "P0_Node0_Channel3_Dimm0", 0x0, 0xfff_ffffL),
                new DmiMemory.Device("CPU0_DIMM_D2", "P0_Node0_Channel3_Dimm1", 0x1000_0000L, 0x1fff_ffffL),
                new DmiMemory.Device("CPU0_DIMM_E1", "P0_Node0_Channel4_Dimm0", 0x2000_0000L, 0x2fff_ffffL),
                new DmiMemory.Device("CPU0_DIMM_E2", "P0_Node0_Channel4_Dimm1")));
        assertEquals(new DimmLocation(0, 3, 1, "CPU0_DIMM_D2"), map.locate(new MemorySite(0, 3, -1, -1), 0x1234_5678L));
        assertEquals(new DimmLocation(0, 3, -1, "CPU_SrcID#0_Chan#3_DIMM#any"),
                map.locate(new MemorySite(0, 3, -1, -1), 0x2000_0040L), "the address is another channel's: not guessed");
        assertEquals(new DimmLocation(0, 3, -1, "CPU_SrcID#0_Chan#3_DIMM#any"),
                map.locate(new MemorySite(0, 3, -1, -1), 0x7000_0000L), "an address no range holds");
        assertEquals(new DimmLocation(0, 3, -1, "CPU_SrcID#0_Chan#3_DIMM#any"), map.locate(new MemorySite(0, 3, -1, -1)),
                "no valid address");
        assertEquals(new DimmLocation(0, 3, 0, "CPU0_DIMM_D1"), map.locate(new MemorySite(0, 3, 0, -1), 0x1234_5678L),
                "the DIMM the record names wins over the address");
    }

    @Test
    void withoutDmiEveryLabelIsEdacsDefaultAndNoDimmIsGuessed() {
        assertEquals(new DimmLocation(2, 4, 0, "CPU_SrcID#2_Chan#4_DIMM#0"), DimmMap.NONE.locate(new MemorySite(2, 4, 0, -1)));
        assertEquals(new DimmLocation(2, 4, -1, "CPU_SrcID#2_Chan#4_DIMM#any"),
                DimmMap.NONE.locate(new MemorySite(2, 4, -1, -1)));
    }
}
