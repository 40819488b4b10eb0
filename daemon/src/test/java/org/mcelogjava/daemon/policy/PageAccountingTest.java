package org.mcelogjava.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.act.PageOfflining;
import org.mcelogjava.daemon.config.McelogConfig.PageAction;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.config.Threshold;
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
        return pages(action, retry, ThresholdAction.DISABLED, McelogConfig.Page.DEFAULT_COUNTERS);
    }

    private PageAccounting pages(PageAction action, boolean retry, ThresholdAction replacement, int counters) {
        MemoryAccounting memdb = new MemoryAccounting(
                new MemoryAccounting.Kind(false, "DIMM", ThresholdAction.DISABLED, ThresholdAction.DISABLED),
                new MemoryAccounting.Kind(false, "Socket", ThresholdAction.DISABLED, ThresholdAction.DISABLED),
                "/bin", () -> 2_000_000_000L);
        McelogConfig.Page config = new McelogConfig.Page(
                new ThresholdAction(Optional.of(TWO_PER_DAY), Optional.of("page-trigger"), true),
                replacement, action, retry, Optional.of("pre"), Optional.of("post"), counters);
        return new PageAccounting(config, memdb, "/bin", () -> 2_000_000_000L);
    }

    private static Mce error(long status, long addr) {
        return Mce.builder().status(status).addr(addr).time(1_700_000_000L).socketid(1).build();
    }

    private static final MemoryErrorSite SITE = new MemoryErrorSite(1, 0, 3);

    /**
     * Accounts the error and carries out the decisions as the record processor does: each offline
     * through {@link PageOfflining}, its report after it, the result told back to the accounting.
     */
    private List<AccountingEvent> account(PageAccounting pages, Mce m) {
        List<AccountingEvent> done = new ArrayList<>();
        for (AccountingEvent e : pages.account(m, SITE)) {
            done.add(e);
            if (e instanceof AccountingEvent.OfflinePage o) {
                PageOfflining.Report report = new PageOfflining(offliner).carryOut(o);
                report.lines().forEach(line -> done.add(new AccountingEvent.ActionReport(line)));
                pages.offlined(o.address(), report.offlined());
            }
        }
        return done;
    }

    private static List<String> describe(List<AccountingEvent> events) {
        List<String> out = new ArrayList<>();
        for (AccountingEvent e : events) {
            if (e instanceof AccountingEvent.Notice n) {
                out.add(n.line());
            } else if (e instanceof AccountingEvent.ThresholdCrossed c && c.logged()) {
                out.add(c.line());
            } else if (e instanceof AccountingEvent.OfflinePage o) {
                out.add(o.line());
            } else if (e instanceof AccountingEvent.ActionReport r) {
                out.add(r.line());
            } else if (e instanceof AccountingEvent.Trigger t) {
                out.add("trigger " + t.request().program() + " " + t.request().args() + " " + t.request().reporter());
            }
        }
        return out;
    }

    @Test
    void accountOnlyCountsAndTriggersWithoutOfflining() {
        PageAccounting pages = pages(PageAction.ACCOUNT, false);
        assertEquals(List.of(), account(pages, error(CE_ADDRV, 0x1234_5678L)));
        assertEquals(List.of("Corrected memory errors on page 12345000 exceed threshold 2 in 24h: 2 in 24h",
                "Location SOCKET:1 CHANNEL:0 DIMM:3 []", "trigger page-trigger [] page"),
                describe(account(pages, error(CE_ADDRV, 0x1234_5fffL))));
        assertEquals(List.of(), offlined);
        assertEquals("Per page corrected memory statistics:\n12345000: total 2 seen \"2 in 24h\" online triggered\n\n",
                pages.pages());
    }

    @Test
    void uncorrectedOrAddresslessErrorsAndActionOffAreNotCounted() {
        PageAccounting pages = pages(PageAction.ACCOUNT, false);
        account(pages, error(CE_ADDRV | (1L << 61), 0x1000));
        account(pages, error(CE_ADDRV & ~(1L << 58), 0x1000));
        assertEquals("", pages.pages());
        PageAccounting off = pages(PageAction.OFF, false);
        account(off, error(CE_ADDRV, 0x1000));
        assertEquals("", off.pages());
    }

    @Test
    void softOffliningRunsThePreAndPostTriggersWithTheDecimalAddress() {
        PageAccounting pages = pages(PageAction.SOFT, false);
        account(pages, error(CE_ADDRV, 0x2000));
        List<String> events = describe(account(pages, error(CE_ADDRV, 0x2000)));
        assertEquals(List.of("Corrected memory errors on page 2000 exceed threshold 2 in 24h: 2 in 24h",
                "Location SOCKET:1 CHANNEL:0 DIMM:3 []", "trigger page-trigger [] page",
                "pre soft trigger run for page 8192: 2 in 24h", "Location SOCKET:1 CHANNEL:0 DIMM:3 []",
                "trigger pre [8192] page_pre_soft", "Offlining page 2000",
                "post soft trigger run for page 8192: 2 in 24h", "Location SOCKET:1 CHANNEL:0 DIMM:3 []",
                "trigger post [8192] page_post_soft"), events);
        assertEquals(List.of("SOFT 2000"), offlined);
        assertEquals("Per page corrected memory statistics:\n2000: total 2 seen \"2 in 24h\" offline triggered\n\n",
                pages.pages());
        account(pages, error(CE_ADDRV, 0x2000));
        assertEquals(List.of(), account(pages, error(CE_ADDRV, 0x2000)), "offline pages stay quiet");
    }

    @Test
    void softThenHardFallsBackAndAFailureMarksThePage() {
        softFails = true;
        PageAccounting pages = pages(PageAction.SOFT_THEN_HARD, false);
        account(pages, error(CE_ADDRV, 0x3000));
        List<String> events = describe(account(pages, error(CE_ADDRV, 0x3000)));
        assertEquals(List.of("Offlining page 3000", "Soft offlining of page 3000 failed, trying hard offlining"),
                events.subList(6, 8));
        assertEquals(List.of("SOFT 3000", "HARD 3000"), offlined);
        hardFails = true;
        PageAccounting hard = pages(PageAction.HARD, false);
        account(hard, error(CE_ADDRV, 0x4000));
        assertEquals(List.of("Corrected memory errors on page 4000 exceed threshold 2 in 24h: 2 in 24h",
                "Location SOCKET:1 CHANNEL:0 DIMM:3 []", "trigger page-trigger [] page", "Offlining page 4000",
                "Offlining page 4000 failed: Device or resource busy"),
                describe(account(hard, error(CE_ADDRV, 0x4000))));
        assertEquals("Per page corrected memory statistics:\n4000: total 2 seen \"2 in 24h\" offline-failed triggered\n\n",
                hard.pages());
    }

    @Test
    void withRetryAFailedPageIsTriedAgainAtTwiceTheThreshold() {
        hardFails = true;
        PageAccounting pages = pages(PageAction.HARD, true);
        for (int i = 0; i < 2; i++) {
            account(pages, error(CE_ADDRV, 0x5000));
        }
        assertEquals(List.of("HARD 5000"), offlined);
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(), account(pages, error(CE_ADDRV, 0x5000)), "below 4 after the failure");
        }
        assertEquals(5, describe(account(pages, error(CE_ADDRV, 0x5000))).size());
        assertEquals(List.of("HARD 5000", "HARD 5000"), offlined);
    }

    private static String pageList(String pagesReply) {
        StringBuilder sb = new StringBuilder();
        for (String line : pagesReply.split("\n")) {
            if (line.contains(": total")) {
                sb.append(line, 0, line.indexOf(':')).append(' ');
            }
        }
        return sb.toString().trim();
    }

    @Test
    void whenEveryCounterIsTakenANewPageTakesOneFromTheLeastRecentlyUsedCluster() {
        // 70 counters round up to two clusters of 63: 126
        PageAccounting p = pages(PageAction.ACCOUNT, false,
                new ThresholdAction(Threshold.parse("3 / 24h"), Optional.of("counter-trigger"), true), 70);
        assertEquals(Optional.of("Round up max-corr-err-counters from 70 to 126"), p.roundingNotice());
        for (int i = 0; i < 126; i++) {
            assertEquals(List.of(), describe(account(p, error(CE_ADDRV, 0x100000L + i * 0x1000L))));
        }
        // page 0x100000 (first cluster) gets an error: the second cluster is now the least recently used
        account(p, error(CE_ADDRV, 0x100000L));
        assertEquals(List.of(), describe(account(p, error(CE_ADDRV, 0x900000L))), "one replacement: below 3");
        String reply = p.pages();
        assertFalse(pageList(reply).contains("13f000"), "the first page of the second cluster gave way: " + reply);
        assertTrue(pageList(reply).contains("100000") && pageList(reply).contains("900000"), reply);
        assertTrue(reply.startsWith("Per page corrected memory statistics:\n100000: total 2 seen"), reply);
        account(p, error(CE_ADDRV, 0x901000L));
        List<AccountingEvent> third = account(p, error(CE_ADDRV, 0x902000L));
        assertEquals(List.of("Replacements of page correctable error counter exceed threshold 3 in 24h: 3 in 24h",
                "trigger counter-trigger [] page-error-counter"), describe(third));
        AccountingEvent.Trigger t = (AccountingEvent.Trigger) third.get(1);
        assertEquals("3", t.request().env().get("TOTALCOUNT"));
        assertEquals("1700000000", t.request().env().get("LASTEVENT"));
        assertEquals("86400", t.request().env().get("AGETIME"));
        assertEquals("0", t.request().env().get("THRESHOLD_COUNT"));
        assertFalse(t.request().env().containsKey("PATH"), "counter_trigger builds no PATH");
        assertEquals(126, pageList(p.pages()).split(" ").length, "the table never grows");
    }

    @Test
    void aWholeNumberOfClustersIsNotRounded() {
        assertEquals(Optional.empty(), pages(PageAction.ACCOUNT, false, ThresholdAction.DISABLED, 4158).roundingNotice());
    }
}
