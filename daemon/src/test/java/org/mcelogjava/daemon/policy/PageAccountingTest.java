package org.mcelogjava.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.config.McelogConfig.PageAction;
import org.mcelogjava.daemon.config.ThresholdAction;
import org.mcelogjava.protocol.mce.Mce;

/** mcelog's page accounting (page.c): thresholds, the memory-ce-action and page states. */
class PageAccountingTest {

    private static final long CE_ADDRV = 0x8c00_0000_0001_0091L | (1L << 58);
    private static final Threshold TWO_PER_DAY = Threshold.parse("2 / 24h").orElseThrow();

    private final List<String> offlined = new ArrayList<>();
    private boolean softFails;
    private boolean hardFails;

    private final PageOffliner offliner = (address, kind) -> {
        offlined.add(kind + " " + Long.toHexString(address));
        if (kind == PageOffliner.Kind.SOFT ? softFails : hardFails) {
            throw new IOException("Device or resource busy");
        }
    };

    private PageAccounting pages(PageAction action, boolean retry) {
        MemoryAccounting memdb = new MemoryAccounting(
                new MemoryAccounting.Kind(false, "DIMM", ThresholdAction.DISABLED, ThresholdAction.DISABLED),
                new MemoryAccounting.Kind(false, "Socket", ThresholdAction.DISABLED, ThresholdAction.DISABLED),
                "/bin", () -> 2_000_000_000L);
        McelogConfig.Page config = new McelogConfig.Page(
                new ThresholdAction(Optional.of(TWO_PER_DAY), Optional.of("page-trigger"), true),
                ThresholdAction.DISABLED, action, retry, Optional.of("pre"), Optional.of("post"));
        return new PageAccounting(config, memdb, offliner, "/bin", () -> 2_000_000_000L);
    }

    private static Mce error(long status, long addr) {
        return Mce.builder().status(status).addr(addr).time(1_700_000_000L).socketid(1).build();
    }

    private static final MemoryErrorSite SITE = new MemoryErrorSite(1, 0, 3);

    private static List<String> describe(List<AccountingEvent> events) {
        List<String> out = new ArrayList<>();
        for (AccountingEvent e : events) {
            if (e instanceof AccountingEvent.Notice n) {
                out.add(n.line());
            } else if (e instanceof AccountingEvent.Trigger t) {
                out.add("trigger " + t.request().program() + " " + t.request().args() + " " + t.request().reporter());
            }
        }
        return out;
    }

    @Test
    void accountOnlyCountsAndTriggersWithoutOfflining() {
        PageAccounting pages = pages(PageAction.ACCOUNT, false);
        assertEquals(List.of(), pages.account(error(CE_ADDRV, 0x1234_5678L), SITE));
        assertEquals(List.of("Corrected memory errors on page 12345000 exceed threshold 2 in 24h: 2 in 24h",
                "Location SOCKET:1 CHANNEL:0 DIMM:3 []", "trigger page-trigger [] page"),
                describe(pages.account(error(CE_ADDRV, 0x1234_5fffL), SITE)));
        assertEquals(List.of(), offlined);
        assertEquals("Per page corrected memory statistics:\n12345000: total 2 seen \"2 in 24h\" online triggered\n\n",
                pages.pages());
    }

    @Test
    void uncorrectedOrAddresslessErrorsAndActionOffAreNotCounted() {
        PageAccounting pages = pages(PageAction.ACCOUNT, false);
        pages.account(error(CE_ADDRV | (1L << 61), 0x1000), SITE);
        pages.account(error(CE_ADDRV & ~(1L << 58), 0x1000), SITE);
        assertEquals("", pages.pages());
        PageAccounting off = pages(PageAction.OFF, false);
        off.account(error(CE_ADDRV, 0x1000), SITE);
        assertEquals("", off.pages());
    }

    @Test
    void softOffliningRunsThePreAndPostTriggersWithTheDecimalAddress() {
        PageAccounting pages = pages(PageAction.SOFT, false);
        pages.account(error(CE_ADDRV, 0x2000), SITE);
        List<String> events = describe(pages.account(error(CE_ADDRV, 0x2000), SITE));
        assertEquals(List.of("Corrected memory errors on page 2000 exceed threshold 2 in 24h: 2 in 24h",
                "Location SOCKET:1 CHANNEL:0 DIMM:3 []", "trigger page-trigger [] page",
                "pre soft trigger run for page 8192: 2 in 24h", "Location SOCKET:1 CHANNEL:0 DIMM:3 []",
                "trigger pre [8192] page_pre_soft", "Offlining page 2000",
                "post soft trigger run for page 8192: 2 in 24h", "Location SOCKET:1 CHANNEL:0 DIMM:3 []",
                "trigger post [8192] page_post_soft"), events);
        assertEquals(List.of("SOFT 2000"), offlined);
        assertEquals("Per page corrected memory statistics:\n2000: total 2 seen \"2 in 24h\" offline triggered\n\n",
                pages.pages());
        pages.account(error(CE_ADDRV, 0x2000), SITE);
        assertEquals(List.of(), pages.account(error(CE_ADDRV, 0x2000), SITE), "offline pages stay quiet");
    }

    @Test
    void softThenHardFallsBackAndAFailureMarksThePage() {
        softFails = true;
        PageAccounting pages = pages(PageAction.SOFT_THEN_HARD, false);
        pages.account(error(CE_ADDRV, 0x3000), SITE);
        List<String> events = describe(pages.account(error(CE_ADDRV, 0x3000), SITE));
        assertEquals(List.of("Offlining page 3000", "Soft offlining of page 3000 failed, trying hard offlining"),
                events.subList(6, 8));
        assertEquals(List.of("SOFT 3000", "HARD 3000"), offlined);
        hardFails = true;
        PageAccounting hard = pages(PageAction.HARD, false);
        hard.account(error(CE_ADDRV, 0x4000), SITE);
        assertEquals(List.of("Corrected memory errors on page 4000 exceed threshold 2 in 24h: 2 in 24h",
                "Location SOCKET:1 CHANNEL:0 DIMM:3 []", "trigger page-trigger [] page", "Offlining page 4000",
                "Offlining page 4000 failed: Device or resource busy"),
                describe(hard.account(error(CE_ADDRV, 0x4000), SITE)));
        assertEquals("Per page corrected memory statistics:\n4000: total 2 seen \"2 in 24h\" offline-failed triggered\n\n",
                hard.pages());
    }

    @Test
    void withRetryAFailedPageIsTriedAgainAtTwiceTheThreshold() {
        hardFails = true;
        PageAccounting pages = pages(PageAction.HARD, true);
        for (int i = 0; i < 2; i++) {
            pages.account(error(CE_ADDRV, 0x5000), SITE);
        }
        assertEquals(List.of("HARD 5000"), offlined);
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(), pages.account(error(CE_ADDRV, 0x5000), SITE), "below 4 after the failure");
        }
        assertEquals(5, describe(pages.account(error(CE_ADDRV, 0x5000), SITE)).size());
        assertEquals(List.of("HARD 5000", "HARD 5000"), offlined);
    }
}
