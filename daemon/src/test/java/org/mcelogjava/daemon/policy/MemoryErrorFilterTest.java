package org.mcelogjava.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.config.Threshold;
import org.mcelogjava.daemon.config.ThresholdAction;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.DimmMap;
import org.mcelogjava.daemon.decode.MemorySite;
import org.mcelogjava.daemon.decode.RecordFacts;
import org.mcelogjava.daemon.decode.RecordIdentity;
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
        return MemoryErrorFilter.configured(config(filterMemoryErrors), type, "/bin", () -> 2_000_000_000L);
    }

    private static DecodedMce decoded(long status, CpuType type, int recordLength) {
        Mce m = Mce.builder().status(status).misc(0x6002aL).addr(0x1234_5678L).time(1_700_000_000L).socketid(1)
                .mcgcap(0x1c09).build();
        return decoded(m, recordLength, type);
    }

    /** The record as the decoder would give it on a machine DMI says nothing of. */
    private static DecodedMce decoded(Mce m, int recordLength, CpuType type) {
        RecordFacts facts = RecordFacts.of(m, recordLength, type, true);
        return new DecodedMce(m, recordLength, type, "", "", List.of(), facts,
                facts.sites().stream().map(DimmMap.NONE::locate).toList(), RecordIdentity.NONE);
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

    private static final MemoryErrorSite.DimmPresence NONE = (socket, channel, dimm) -> false;

    private static MemoryErrorSite site(Mce m, CpuType type) {
        List<MemoryErrorSite> sites = MemoryErrorSite.resolve(MemorySite.locate(m, type, true), NONE);
        assertEquals(1, sites.size(), sites.toString());
        return sites.get(0);
    }

    @Test
    void theSiteComesFromMcacodOrNehalemMisc() {
        Mce withoutMisc = Mce.builder().status(0x8000_0000_0000_0093L).misc(0x40000L).socketid(2).build();
        assertEquals(new MemoryErrorSite(2, 3, -1), site(withoutMisc, CpuType.NEHALEM));
        Mce withMisc = withoutMisc.toBuilder().status(0x8800_0000_0000_0090L).build();
        assertEquals(new MemoryErrorSite(2, 1, 0), site(withMisc, CpuType.NEHALEM));
        assertEquals(new MemoryErrorSite(2, 0, -1), site(withMisc, CpuType.SANDY_BRIDGE));
        Mce imc = withoutMisc.toBuilder().bank(14).build();
        assertEquals(new MemoryErrorSite(2, 5, -1), site(imc, CpuType.HASWELL_EPEX));
        assertEquals(new MemoryErrorSite(2, 1, -1), site(imc, CpuType.SKYLAKE_XEON));
        assertEquals(new MemoryErrorSite(2, 6, -1), site(imc.toBuilder().bank(8).build(), CpuType.SKYLAKE_XEON));
        assertEquals(new MemoryErrorSite(2, 3, -1), site(imc.toBuilder().bank(3).build(), CpuType.HASWELL_EPEX));
        Mce unknownChannel = withoutMisc.toBuilder().status(0x8000_0000_0000_009fL).build();
        assertEquals(new MemoryErrorSite(2, -1, -1), site(unknownChannel, CpuType.NEHALEM));
    }

    @Test
    void iceLakeAndLaterTakeTheChannelFromTheBank() {
        Mce chan2 = Mce.builder().status(0x8000_0000_0000_0092L).socketid(1).apicid(4).build();
        // Ice Lake: four controllers of three channels, banks 12-15, 16-19, 20-23, 24-27
        assertEquals(2, site(chan2.toBuilder().bank(13).build(), CpuType.ICELAKE_XEON).channel());
        assertEquals(5, site(chan2.toBuilder().bank(18).build(), CpuType.ICELAKE_XEON).channel());
        assertEquals(11, site(chan2.toBuilder().bank(27).build(), CpuType.TREMONT_D).channel());
        assertEquals(2, site(chan2.toBuilder().bank(28).build(), CpuType.ICELAKE_DE).channel(), "not an iMC bank");
        // Sapphire Rapids: banks 13-20 and 30-31
        assertEquals(4, site(chan2.toBuilder().bank(17).build(), CpuType.SAPPHIRERAPIDS).channel());
        assertEquals(9, site(chan2.toBuilder().bank(31).build(), CpuType.EMERALDRAPIDS).channel());
        // Granite Rapids and the Forests: banks 13-24
        assertEquals(11, site(chan2.toBuilder().bank(24).build(), CpuType.GRANITERAPIDS).channel());
        assertEquals(0, site(chan2.toBuilder().bank(13).build(), CpuType.SIERRAFOREST).channel());
        // Diamond Rapids: banks 19-26 of the iMH APIC id bit 2 selects, even with MCACOD channel 0xf
        Mce unknown = chan2.toBuilder().status(0x8000_0000_0000_009fL).bank(20).build();
        assertEquals(9, site(unknown, CpuType.DIAMONDRAPIDS).channel());
        assertEquals(1, site(unknown.toBuilder().apicid(0).build(), CpuType.DIAMONDRAPIDS).channel());
        assertEquals(-1, site(unknown, CpuType.GRANITERAPIDS).channel());
    }

    @Test
    void sandyAndIvyBridgeEpFailingRanksNameUpToTwoDimms() {
        // corrected iMC error on channel 1, MISC bit 62: first rank 5 (bits 50:46), bit 63: second rank 7 (55:51)
        long misc = (1L << 62) | (5L << 46) | (1L << 63) | (7L << 51);
        Mce snb = Mce.builder().status(0x8c00_0000_0000_0091L).misc(misc).bank(9).socketid(1).build();
        assertEquals(List.of(new MemoryErrorSite(1, 1, 1), new MemoryErrorSite(1, 1, 1)),
                MemoryErrorSite.resolve(MemorySite.locate(snb, CpuType.SANDY_BRIDGE_EP, true), NONE), "rank 7 is DIMM 1 without a DIMM 2");
        assertEquals(List.of(new MemoryErrorSite(1, 1, 1), new MemoryErrorSite(1, 1, 2)),
                MemoryErrorSite.resolve(MemorySite.locate(snb, CpuType.SANDY_BRIDGE_EP, true), (s, c, d) -> d == 2));
        assertEquals(List.of(new MemoryErrorSite(1, 1, -1)),
                MemoryErrorSite.resolve(MemorySite.locate(snb, CpuType.SANDY_BRIDGE_EP, false), NONE), "--no-imc-log");
        assertEquals(List.of(new MemoryErrorSite(1, 1, -1)),
                MemoryErrorSite.resolve(MemorySite.locate(snb.toBuilder().bank(12).build(), CpuType.SANDY_BRIDGE_EP, true), NONE),
                "bank 12 is not a Sandy Bridge-EP iMC bank");
        assertEquals(List.of(new MemoryErrorSite(1, 1, 1), new MemoryErrorSite(1, 1, 1)),
                MemoryErrorSite.resolve(MemorySite.locate(snb.toBuilder().bank(16).build(), CpuType.IVY_BRIDGE_EPEX, true), NONE));
        assertEquals(List.of(new MemoryErrorSite(1, 1, -1)),
                MemoryErrorSite.resolve(MemorySite.locate(snb.toBuilder().status(0xac00_0000_0000_0091L).build(),
                        CpuType.SANDY_BRIDGE_EP, true), NONE), "uncorrected: no failing rank");
        assertEquals(List.of(new MemoryErrorSite(1, 1, 0)),
                MemoryErrorSite.resolve(MemorySite.locate(snb.toBuilder().misc((1L << 62) | (2L << 46)).build(),
                        CpuType.SANDY_BRIDGE_EP, true), NONE));
    }

    @Test
    void anErrorOnTwoFailingDimmsIsAccountedToEachAndTwiceToThePage() {
        MemoryErrorFilter filter = MemoryErrorFilter.configured(config(false), CpuType.SANDY_BRIDGE_EP,
                "/bin", () -> 2_000_000_000L);
        long misc = (1L << 62) | (1L << 46) | (1L << 63) | (4L << 51);
        Mce m = Mce.builder().status(0x8c00_0000_0000_0091L).misc(misc).addr(0x5000).bank(9).socketid(0)
                .time(1_700_000_000L).cpuvendor(0).build();
        filter.account(decoded(m, 128, CpuType.SANDY_BRIDGE_EP));
        String dump = filter.queries().dump(false, false);
        assertTrue(dump.contains("SOCKET 0 CHANNEL 1 DIMM 0\n") && dump.contains("SOCKET 0 CHANNEL 1 DIMM 1\n"), dump);
        assertTrue(filter.queries().pages().contains("5000: total 2 "), filter.queries().pages());
    }
}
