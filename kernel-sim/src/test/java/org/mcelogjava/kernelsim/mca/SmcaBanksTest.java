package org.mcelogjava.kernelsim.mca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mm.Errno;
import org.mcelogjava.protocol.mce.Mce;

/**
 * SMCA banks name their type in MCA_IPID: records carry it, an unpopulated bank (IPID 0, CTL reads
 * as zero) is left uninitialised (sysfs bankN: ENODEV) and refuses non-software injection, and the
 * CEC recognises a UMC bank's DRAM errors. MCA_SYND goes into the record when MCA_STATUS says SyndV
 * ({@code mce_read_aux}, arch/x86/kernel/cpu/mce/core.c, Linux 6.12), from the hardware or from
 * mce-inject's {@code prepare_msrs}.
 */
class SmcaBanksTest {

    private static final int UMC = 15;
    private static final int UNPOPULATED = 4;

    private final List<Mce> device = new ArrayList<>();

    private SimulatedKernel zen2(boolean cec) {
        return new SimulatedKernel.Builder(new Machine(CpuProfiles.zen2(), new Topology(1, 2, 1)))
                .mcelog(device::add).cec(cec).boot();
    }

    @Test
    void recordsCarryTheirBanksIpid() {
        SimulatedKernel k = zen2(false);
        k.hardware().error(1, UMC, 0x9c00000000000000L, 0x4000, 0, 0, null); // VAL|EN|ADDRV, XEC 0
        k.advanceBy(301_000_000_000L); // the poll timer finds it
        assertEquals(1, device.size());
        assertEquals(0x0000_0096_0005_0f00L, device.get(0).ipid(),
                "UMC 0: HardwareID 0x96, McaType 0, InstanceId 0x50f00 (channel 0 in bits 31:20)");
    }

    @Test
    void anUnpopulatedBankIsNotInitialisedAndSysfsSaysEnodev() {
        SimulatedKernel k = zen2(false);
        assertFalse(k.context().cpu(0).bankInit(UNPOPULATED));
        assertTrue(k.context().cpu(0).bankInit(UNPOPULATED + 1));
        assertEquals(0, k.machine().cpu(0).bank(UNPOPULATED).ctl(), "CTL reads as zero");
        assertFalse(k.sysfs().bank(0, UNPOPULATED, -1L));
        assertTrue(k.sysfs().bank(0, UNPOPULATED + 1, -1L));
        SimulatedKernel intel = new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(),
                new Topology(1, 1, 1))).boot();
        assertTrue(intel.context().cpu(0).bankInit(UNPOPULATED), "every Intel bank is implemented");
    }

    @Test
    void onlySoftwareInjectionReachesAnUnpopulatedBank() {
        SimulatedKernel k = zen2(false);
        var inj = k.debugfsInjector();
        inj.status(0x9c00000000000000L);
        assertEquals(0, inj.flags("hw"));
        assertEquals(-Errno.ENODEV, inj.bank(UNPOPULATED));
        assertTrue(k.log().contains("Cannot inject into unpopulated bank 4"));
        assertEquals(0, inj.flags("sw"));
        inj.status(0x9c00000000000000L);
        assertEquals(0, inj.bank(UNPOPULATED), "sw tests the decoding only");
    }

    @Test
    void theCecCountsUmcDramErrorsOnZen2() {
        SimulatedKernel k = zen2(true);
        CorrectedErrorsCollector cec = k.cec().orElseThrow();
        assertEquals(1023, cec.actionThreshold(), "not Intel");
        k.hardware().error(0, UMC, 0x9c00000000000000L, 0x7000, 0, 0, null);
        k.hardware().error(1, 0, 0x9c00000000000000L, 0x8000, 0, 0, null); // LS: not memory
        k.advanceBy(301_000_000_000L);
        assertEquals(1, cec.count(0x7), "the UMC error is counted and kept");
        assertEquals(List.of(0x8000L), device.stream().map(Mce::addr).toList());
    }

    private static final long SYNDV = 1L << 53;
    /** Chip select 3, syndrome length 16 (bits 23:18), syndrome 0x12ab: a UMC's MCA_SYND. */
    private static final long SYND = 0x0000_12ab_0040_0003L;

    @Test
    void aUmcErrorsSyndromeReachesTheRecordWhenSyndVSaysSo() {
        SimulatedKernel k = zen2(false);
        k.hardware().error(1, UMC, 0x9c00000000000000L | SYNDV, 0x4000, 0, SYND, 0, null);
        k.hardware().error(0, UMC + 1, 0x9c00000000000000L, 0x5000, 0, SYND, 0, null); // SyndV clear
        k.advanceBy(301_000_000_000L);
        assertEquals(List.of(SYND, 0L), device.stream().map(Mce::synd).toList());
        assertEquals(SYND, k.machine().cpu(1).bank(UMC).synd(), "the register keeps it; only STATUS is cleared");
    }

    @Test
    void aSecondErrorInAValidBankKeepsTheFirstOnesSyndrome() {
        SimulatedKernel k = zen2(false);
        k.hardware().error(0, UMC, 0x9c00000000000000L | SYNDV, 0x4000, 0, SYND, 0, null);
        k.hardware().error(0, UMC, 0x9c00000000000000L | SYNDV, 0x8000, 0, 0x0000_0001_0040_0000L, 0, null);
        k.advanceBy(301_000_000_000L);
        assertEquals(1, device.size());
        assertEquals(SYND, device.get(0).synd(), "the first corrected error stays, with its syndrome");
        assertEquals(1L << 62, device.get(0).status() & (1L << 62), "OVER");
    }

    @Test
    void mceInjectWritesTheSyndromeIntoTheBank() {
        SimulatedKernel k = zen2(false);
        var inj = k.debugfsInjector();
        assertEquals(0, inj.flags("df"));
        inj.status(0x9c00000000000000L);
        inj.synd(SYND);
        assertEquals(0, inj.bank(UMC));
        k.runDeferredWork();
        assertEquals(1, device.size());
        assertEquals(SYND, device.get(0).synd());
        assertEquals(SYNDV, device.get(0).status() & SYNDV, "a non-zero synd sets SyndV");
    }

    @Test
    void aBankWithoutSmcaHasNoSyndrome() {
        SimulatedKernel intel = new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(),
                new Topology(1, 1, 1))).mcelog(device::add).boot();
        intel.hardware().error(0, 5, 0x9c00000000000000L | SYNDV, 0x4000, 0, SYND, 0, null);
        intel.advanceBy(301_000_000_000L);
        assertEquals(0, intel.machine().cpu(0).bank(5).synd());
        assertEquals(List.of(0L), device.stream().map(Mce::synd).toList());
    }
}
