package org.mcelogjava.daemon.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mcelogjava.daemon.config.ThresholdAction;

/**
 * What mcelog's {@code memdb_trigger} does when a memory bucket overflows: with {@code -log} the
 * lines {@code <message>: <N in T>} and {@code Location <location>}, then the trigger with exactly
 * mcelog's environment (the daemon's {@code PATH}, THRESHOLD, TOTALCOUNT, LOCATION, DIMM, CHANNEL,
 * SOCKETID, CECOUNT, UCCOUNT, LASTEVENT, AGETIME, MESSAGE, THRESHOLD_COUNT).
 */
final class ThresholdReport {

    private final String path;

    /** @param path the daemon's own {@code PATH}, copied into every memory trigger's environment */
    ThresholdReport(String path) {
        this.path = path;
    }

    /**
     * @param message  the overflow message without the threshold
     * @param dimm     the object whose location and counts go into the environment
     * @param t        the record's time, 0 for none (no LASTEVENT)
     * @param count    the overflowed count (its total is TOTALCOUNT, its bucket the threshold)
     * @param action   threshold, trigger and log switch
     * @param args     trigger arguments after the program
     * @param reporter the "Running trigger" reporter name
     * @param crossed  the message reports a threshold crossed (not the page's pre/post soft trigger runs)
     */
    List<AccountingEvent> report(String message, MemoryDimm dimm, long t, ErrorCount count, ThresholdAction action,
                                 List<String> args, String reporter, boolean crossed) {
        List<AccountingEvent> events = new ArrayList<>();
        MemoryErrorSite site = dimm.site();
        String threshold = count.text();
        String out = message + ": " + threshold;
        String location = dimm.location();
        if (action.log()) {
            events.add(crossed ? new AccountingEvent.ThresholdCrossed(out, true) : new AccountingEvent.Notice(out));
            events.add(new AccountingEvent.Notice("Location " + location));
        } else if (crossed) {
            events.add(new AccountingEvent.ThresholdCrossed(out, false));
        }
        action.trigger().ifPresent(program -> {
            Map<String, String> env = new HashMap<>();
            env.put("PATH", path);
            env.put("THRESHOLD", threshold);
            env.put("TOTALCOUNT", Long.toString(count.total()));
            env.put("LOCATION", location);
            dimm.dmiLocation().ifPresent(l -> env.put("DMI_LOCATION", l));
            dimm.name().ifPresent(n -> env.put("DMI_NAME", n));
            if (site.dimm() != -1) {
                env.put("DIMM", Integer.toString(site.dimm()));
            }
            if (site.channel() != -1) {
                env.put("CHANNEL", Integer.toString(site.channel()));
            }
            env.put("SOCKETID", Long.toString(site.socket()));
            env.put("CECOUNT", Long.toString(dimm.corrected().total()));
            env.put("UCCOUNT", Long.toString(dimm.uncorrected().total()));
            if (t != 0) {
                env.put("LASTEVENT", Long.toString(t));
            }
            LeakyBucket bucket = count.bucket().orElseThrow();
            env.put("AGETIME", Long.toString(bucket.threshold().ageSeconds()));
            env.put("MESSAGE", out);
            env.put("THRESHOLD_COUNT", Long.toString(bucket.level()));
            events.add(new AccountingEvent.Trigger(new TriggerRequest(program, args, env, reporter)));
        });
        return events;
    }
}
