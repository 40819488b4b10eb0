package org.mcelogjava.daemon.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.config.ThresholdAction;
import org.mcelogjava.protocol.mce.Mce;

/**
 * mcelog's per-page corrected error accounting ({@code account_page_error} and
 * {@code dump_page_errors} in page.c): a leaky bucket per 4 KiB page, the page trigger and log for
 * online pages, the {@code memory-ce-action} (account, soft, hard, soft-then-hard with the pre/post
 * soft triggers) and the page states. Counters live in mcelog's bounded {@link PageCounterTable};
 * a page that has to take another's counter is counted in the replacement bucket
 * ({@code memory-ce-counter-replacement-*}), whose overflow logs and runs its trigger as
 * page.c's {@code counter_trigger} does. Taking a page offline is decided here
 * ({@link AccountingEvent.OfflinePage}) and carried out by the caller, who reports the result
 * through {@link #offlined}. Not thread-safe.
 */
public final class PageAccounting {

    private static final long UC = 1L << 61;
    private static final long ADDRV = 1L << 58;
    private static final long PAGE_MASK = ~0xfffL;

    /** mcelog's {@code page_state[]}. */
    enum State {
        ONLINE("online"), OFFLINE("offline"), OFFLINE_FAILED("offline-failed");

        private final String text;

        State(String text) {
            this.text = text;
        }
    }

    private static final class Page {
        final ErrorCount corrected;
        State state = State.ONLINE;
        boolean triggered;
        int multiplier = 1;

        Page(ErrorCount corrected) {
            this.corrected = corrected;
        }
    }

    private final McelogConfig.Page config;
    private final MemoryAccounting memdb;
    private final ThresholdReport report;
    private final LongSupplier wallClock;
    private final Map<Long, Page> pages = new TreeMap<>(Long::compareUnsigned);
    private final PageCounterTable table;
    private final ErrorCount replacements;

    /**
     * @param memdb the DIMM objects whose location and counts the page trigger reports
     * @param path  the daemon's {@code PATH} for the triggers
     */
    public PageAccounting(McelogConfig.Page config, MemoryAccounting memdb, String path, LongSupplier wallClock) {
        this.config = config;
        this.memdb = memdb;
        this.report = new ThresholdReport(path);
        this.wallClock = wallClock;
        this.table = new PageCounterTable(config.counters());
        this.replacements = new ErrorCount(config.counterReplacement().threshold(), wallClock.getAsLong());
    }

    /** page_setup's line when {@code --max-corr-err-counters} is not a whole number of clusters. */
    public Optional<String> roundingNotice() {
        return table.capacity() == config.counters() ? Optional.empty()
                : Optional.of("Round up max-corr-err-counters from " + config.counters() + " to " + table.capacity());
    }

    /** Accounts a corrected error with a valid address; does nothing when the action is {@code off}. */
    public List<AccountingEvent> account(Mce m, MemoryErrorSite site) {
        if (config.action() == McelogConfig.PageAction.OFF || (m.status() & ADDRV) == 0 || (m.status() & UC) != 0) {
            return List.of();
        }
        long t = m.time();
        long address = m.addr() & PAGE_MASK;
        List<AccountingEvent> events = new ArrayList<>();
        Page page = pages.get(address);
        if (page != null) {
            table.touch(address);
        } else {
            OptionalLong evicted = table.add(address);
            page = new Page(new ErrorCount(config.memoryCe().threshold(), wallClock.getAsLong()));
            pages.put(address, page);
            if (evicted.isPresent()) {
                pages.remove(evicted.getAsLong());
                replaced(t, events);
            }
        }
        int base = config.offlineRetry() ? 2 : 1;
        if (!page.corrected.account(1, t, page.multiplier)) {
            return events;
        }
        if (base == 2 ? page.state == State.OFFLINE : page.state != State.ONLINE) {
            return events;
        }
        MemoryDimm md = memdb.object(site);
        String message = "Corrected memory errors on page " + Long.toHexString(address) + " exceed threshold "
                + page.corrected.text();
        events.addAll(report.report(message, md, t, page.corrected, config.memoryCe(), List.of(), "page", true));
        page.triggered = true;
        McelogConfig.PageAction action = config.action();
        if (action == McelogConfig.PageAction.SOFT || action == McelogConfig.PageAction.SOFT_THEN_HARD) {
            String decimal = Long.toString(address);
            events.addAll(report.report("pre soft trigger run for page " + decimal, md, t, page.corrected,
                    with(config.preSoftTrigger()), List.of(decimal), "page_pre_soft", false));
            offline(page, address, events);
            events.addAll(report.report("post soft trigger run for page " + decimal, md, t, page.corrected,
                    with(config.postSoftTrigger()), List.of(decimal), "page_post_soft", false));
        } else {
            offline(page, address, events);
        }
        return events;
    }

    /**
     * A page took another's counter: the replacement bucket, and on its overflow page.c's
     * {@code counter_trigger} (the line with {@code -log}; the trigger with THRESHOLD, TOTALCOUNT,
     * LASTEVENT, AGETIME, MESSAGE and THRESHOLD_COUNT, and no PATH).
     */
    private void replaced(long t, List<AccountingEvent> events) {
        if (!replacements.account(1, t, 1)) {
            return;
        }
        String threshold = replacements.text();
        String out = "Replacements of page correctable error counter exceed threshold " + threshold + ": " + threshold;
        ThresholdAction action = config.counterReplacement();
        events.add(new AccountingEvent.ThresholdCrossed(out, action.log()));
        action.trigger().ifPresent(program -> {
            LeakyBucket bucket = replacements.bucket().orElseThrow();
            Map<String, String> env = new TreeMap<>();
            env.put("THRESHOLD", threshold);
            env.put("TOTALCOUNT", Long.toString(replacements.total()));
            if (t != 0) {
                env.put("LASTEVENT", Long.toString(t));
            }
            env.put("AGETIME", Long.toString(bucket.threshold().ageSeconds()));
            env.put("MESSAGE", out);
            env.put("THRESHOLD_COUNT", Long.toString(bucket.level()));
            events.add(new AccountingEvent.Trigger(new TriggerRequest(program, List.of(), env, "page-error-counter")));
        });
    }

    /** The page threshold and log switch with another trigger (mcelog copies the page conf). */
    private ThresholdAction with(Optional<String> trigger) {
        return new ThresholdAction(config.memoryCe().threshold(), trigger, config.memoryCe().log());
    }

    /**
     * mcelog's {@code offline_action}: the decision to take the page offline. The page counts as
     * offline from the decision on (a second failing DIMM of the same record finds it so) until
     * {@link #offlined} says the kernel refused.
     */
    private void offline(Page page, long address, List<AccountingEvent> events) {
        McelogConfig.PageAction action = config.action();
        if (action == McelogConfig.PageAction.ACCOUNT) {
            return;
        }
        events.add(new AccountingEvent.OfflinePage(address, switch (action) {
            case SOFT_THEN_HARD -> List.of(PageOffliner.Kind.SOFT, PageOffliner.Kind.HARD);
            case HARD -> List.of(PageOffliner.Kind.HARD);
            default -> List.of(PageOffliner.Kind.SOFT);
        }));
        page.state = State.OFFLINE;
    }

    /**
     * The result of an {@link AccountingEvent.OfflinePage} this accounting decided: a refused page
     * is {@code offline-failed}, and with {@code memory-ce-offline-retry} its threshold doubles
     * ({@code memory_offline}'s failure path).
     */
    public void offlined(long address, boolean done) {
        Page page = pages.get(address);
        if (page == null || done) {
            return;
        }
        page.state = State.OFFLINE_FAILED;
        page.multiplier *= config.offlineRetry() ? 2 : 1;
    }

    /** mcelog's {@code dump_page_errors}: the {@code pages} reply without {@code done}. */
    public String pages() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Long, Page> e : pages.entrySet()) {
            if (out.isEmpty()) {
                out.append("Per page corrected memory statistics:\n");
            }
            Page p = e.getValue();
            out.append(Long.toHexString(e.getKey())).append(": total ").append(p.corrected.total())
                    .append(" seen \"").append(p.corrected.text()).append("\" ").append(p.state.text)
                    .append(p.triggered ? " triggered" : "").append("\n\n");
        }
        return out.toString();
    }
}
