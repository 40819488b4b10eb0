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
    void withoutDmiEveryLabelIsEdacsDefaultAndNoDimmIsGuessed() {
        assertEquals(new DimmLocation(2, 4, 0, "CPU_SrcID#2_Chan#4_DIMM#0"), DimmMap.NONE.locate(new MemorySite(2, 4, 0, -1)));
        assertEquals(new DimmLocation(2, 4, -1, "CPU_SrcID#2_Chan#4_DIMM#any"),
                DimmMap.NONE.locate(new MemorySite(2, 4, -1, -1)));
    }
}
