package org.mcelogjava.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.config.ThresholdAction;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.protocol.mce.Mce;

/** mcelog's Intel filter step: which records are accounted, where, and which are suppressed. */
class MemoryErrorFilterTest {

    private static final long CE_MISCV_ADDRV = 0x8c00_0040_0001_0091L;

    private static McelogConfig config(boolean filterMemoryErrors) {
        McelogConfig d = McelogConfig.defaults();
        return new McelogConfig(d.options(), new McelogConfig.Global(Optional.empty(), Optional.empty(), filterMemoryErrors),
                d.server(), d.dimm(), d.socket(), d.cache(),
                new McelogConfig.Page(new ThresholdAction(Threshold.parse("10 / 24h"), Optional.empty(), false),
                        ThresholdAction.DISABLED, McelogConfig.PageAction.ACCOUNT, false, Optional.empty(),
                        Optional.empty(), McelogConfig.Page.DEFAULT_COUNTERS),
                d.triggers(), d.metrics(), d.logRolling());
    }

    private static MemoryErrorFilter filter(boolean filterMemoryErrors, CpuType type) {
        return MemoryErrorFilter.configured(config(filterMemoryErrors), type, (a, k) -> { }, "/bin", () -> 2_000_000_000L);
    }

    private static DecodedMce decoded(long status, CpuType type, int recordLength) {
        Mce m = Mce.builder().status(status).misc(0x6002aL).addr(0x1234_5678L).time(1_700_000_000L).socketid(1)
                .mcgcap(0x1c09).build();
        return new DecodedMce(m, recordLength, type, "", "", List.of());
    }

    @Test
    void memoryControllerErrorsAreAccountedAtTheirDimmAndPage() {
        MemoryErrorFilter filter = filter(false, CpuType.NEHALEM);
        assertTrue(filter.account(decoded(CE_MISCV_ADDRV, CpuType.NEHALEM, 128)).print());
        AccountingQueries q = filter.queries();
        assertEquals("Memory errors\nSOCKET 1 CHANNEL any DIMM any\ncorrected memory errors:\n\t1 total\n\n"
                + "SOCKET 1 CHANNEL 1 DIMM 2\ncorrected memory errors:\n\t1 total\n", q.dump(false, false));
        assertEquals("Per page corrected memory statistics:\n12345000: total 1 seen \"1 in 24h\" online\n\n",
                q.pages());
    }

    @Test
    void otherErrorsAndCpusWithoutMemoryErrorsPassUntouched() {
        MemoryErrorFilter filter = filter(false, CpuType.NEHALEM);
        filter.account(decoded(0x9c40_0000_0000_0135L, CpuType.NEHALEM, 128));
        filter.account(decoded(0x8c00_0040_0001_0100L, CpuType.NEHALEM, 128));
        assertEquals("", filter.queries().dump(true, false) + filter.queries().pages());
        MemoryErrorFilter core2 = filter(false, CpuType.CORE2);
        core2.account(decoded(CE_MISCV_ADDRV, CpuType.CORE2, 128));
        assertEquals("", core2.queries().dump(true, false), "no DIMM or socket tracking by default");
        assertFalse(MemoryErrorFilter.supportsMemoryErrors(CpuType.K8));
    }

    @Test
    void recordsWithoutSocketIdAreNotAccountedToDimmsButToPages() {
        MemoryErrorFilter filter = filter(false, CpuType.NEHALEM);
        filter.account(decoded(CE_MISCV_ADDRV, CpuType.NEHALEM, 64));
        assertEquals("", filter.queries().dump(true, false));
        assertTrue(filter.queries().pages().contains("12345000: total 1"));
    }

    @Test
    void filterMemoryErrorsSuppressesTheirText() {
        MemoryErrorFilter filter = filter(true, CpuType.NEHALEM);
        assertFalse(filter.account(decoded(CE_MISCV_ADDRV, CpuType.NEHALEM, 128)).print());
        assertTrue(filter.account(decoded(0x9c40_0000_0000_0135L, CpuType.NEHALEM, 128)).print());
    }

    @Test
    void theSiteComesFromMcacodOrNehalemMisc() {
        Mce withoutMisc = Mce.builder().status(0x8000_0000_0000_0093L).misc(0x40000L).socketid(2).build();
        assertEquals(new MemoryErrorSite(2, 3, -1), MemoryErrorSite.locate(withoutMisc, CpuType.NEHALEM));
        Mce withMisc = withoutMisc.toBuilder().status(0x8800_0000_0000_0090L).build();
        assertEquals(new MemoryErrorSite(2, 1, 0), MemoryErrorSite.locate(withMisc, CpuType.NEHALEM));
        assertEquals(new MemoryErrorSite(2, 0, -1), MemoryErrorSite.locate(withMisc, CpuType.SANDY_BRIDGE));
        Mce imc = withoutMisc.toBuilder().bank(14).build();
        assertEquals(new MemoryErrorSite(2, 5, -1), MemoryErrorSite.locate(imc, CpuType.HASWELL_EPEX));
        assertEquals(new MemoryErrorSite(2, 1, -1), MemoryErrorSite.locate(imc, CpuType.SKYLAKE_XEON));
        assertEquals(new MemoryErrorSite(2, 6, -1),
                MemoryErrorSite.locate(imc.toBuilder().bank(8).build(), CpuType.SKYLAKE_XEON));
        assertEquals(new MemoryErrorSite(2, 3, -1),
                MemoryErrorSite.locate(imc.toBuilder().bank(3).build(), CpuType.HASWELL_EPEX));
        Mce unknownChannel = withoutMisc.toBuilder().status(0x8000_0000_0000_009fL).build();
        assertEquals("SOCKET:2 CHANNEL:? DIMM:? []", MemoryErrorSite.locate(unknownChannel, CpuType.NEHALEM).location());
    }
}
