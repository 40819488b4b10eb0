package org.mcelogjava.daemon.act;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mcelogjava.daemon.policy.AccountingEvent;
import org.mcelogjava.daemon.policy.PageOffliner;

/**
 * Carries out a page accounting's decision to take a page offline, as mcelog's
 * {@code offline_action} and {@code memory_offline} (page.c) do: each kind of offline the decision
 * lists is tried in turn until one succeeds (soft-then-hard falls back to hard offlining when the
 * soft one is refused), and what happened is reported with mcelog's lines.
 */
public final class PageOfflining {

    /**
     * What became of a decision.
     *
     * @param offlined whether the page went offline
     * @param lines    mcelog's lines about it (fallbacks, the failure with the kernel's reason), without newline
     */
    public record Report(boolean offlined, List<String> lines) {
        public Report {
            lines = List.copyOf(lines);
        }
    }

    private final PageOffliner offliner;

    /** @param offliner the sysfs interface (or a stand-in) that takes one page offline one way */
    public PageOfflining(PageOffliner offliner) {
        this.offliner = offliner;
    }

    /** Tries the decision's kinds in order; never throws for a refusal, reports it. */
    public Report carryOut(AccountingEvent.OfflinePage decision) {
        String hex = Long.toHexString(decision.address());
        List<String> lines = new ArrayList<>();
        List<PageOffliner.Kind> attempts = decision.attempts();
        for (int i = 0; i < attempts.size(); i++) {
            try {
                offliner.offline(decision.address(), attempts.get(i));
                return new Report(true, lines);
            } catch (IOException e) {
                if (i + 1 < attempts.size()) {
                    lines.add(name(attempts.get(i)) + " offlining of page " + hex + " failed, trying "
                            + name(attempts.get(i + 1)).toLowerCase(Locale.ROOT) + " offlining");
                } else {
                    lines.add("Offlining page " + hex + " failed: " + e.getMessage());
                }
            }
        }
        return new Report(false, lines);
    }

    private static String name(PageOffliner.Kind kind) {
        return kind == PageOffliner.Kind.SOFT ? "Soft" : "Hard";
    }
}
