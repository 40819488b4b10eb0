package org.mcelogjava.daemon.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.McaEvent;
import org.mcelogjava.daemon.decode.TextInsert;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The triggers mcelog runs while it decodes a record ({@code run_yellow_trigger} in yellow.c,
 * {@code run_bus_trigger}, {@code run_iomca_trigger} in bus.c, {@code run_unknown_trigger} in
 * unknown.c): for each decode event with a configured trigger, decides the trigger to run, with
 * exactly mcelog's environment (no PATH, unlike the memory triggers), and the "Running trigger" line
 * to write into the record's text where mcelog prints it. It starts nothing. The cache trigger's {@code AFFECTED_CPUS} lists
 * the CPUs sharing the cache, from the CPU's sysfs cache directories; when the CPU has no cache of
 * that level and type (an "L2 Data" error on a CPU whose L2 is unified) or sysfs cannot be read,
 * mcelog prints "Cannot find sysfs cache for CPU n" (without a newline) and passes {@code unknown}.
 */
public final class DecodeTriggers implements RecordAccounting {

    private final Optional<String> cache;
    private final Optional<String> bus;
    private final Optional<String> iomca;
    private final Optional<String> unknown;
    private final CacheSharing caches;

    /** @param caches which CPUs share a cache, for the cache trigger */
    public DecodeTriggers(McelogConfig config, CacheSharing caches) {
        this.cache = config.cache().trigger();
        this.bus = config.socket().busUcTrigger();
        this.iomca = config.socket().iomcaTrigger();
        this.unknown = config.socket().unknownTrigger();
        this.caches = caches;
    }

    /** The triggers for the record's decode events, in text order; the record is always printed. */
    @Override
    public Outcome account(DecodedMce decoded) {
        if (decoded.events().isEmpty()) {
            return Outcome.NOTHING;
        }
        List<AccountingEvent> decided = new ArrayList<>(decoded.events().size());
        for (McaEvent event : decoded.events()) {
            decide(event, decoded.mce()).ifPresent(decided::add);
        }
        return new Outcome(decided, true);
    }

    /** The trigger for one decode event of record {@code m}, when one is configured. */
    public Optional<AccountingEvent.DecodeTrigger> decide(McaEvent event, Mce m) {
        Map<String, String> env = new TreeMap<>();
        Optional<String> trigger;
        String reporter;
        String location = location(event.cpu(), event.socket());
        if (event.socket() >= 0) {
            env.put("SOCKETID", Integer.toString(event.socket()));
        }
        env.put("CPU", Integer.toString(event.cpu()));
        if (event instanceof McaEvent.YellowCache y) {
            trigger = cache;
            reporter = "yellow";
            env.put("MESSAGE", location + " has large number of corrected cache errors in " + y.levelName() + " " + y.typeName());
            env.put("LEVEL", Integer.toString(y.level()));
            env.put("TYPE", y.typeName());
        } else if (event instanceof McaEvent.BusError b) {
            trigger = bus;
            reporter = "bus";
            env.put("LOCATION", location);
            env.put("MESSAGE", location + " received Bus and Interconnect Errors in " + b.origin());
            env.put("LEVEL", b.level());
            env.put("PARTICIPATION", b.participation());
            env.put("REQUEST", b.request());
            env.put("ORIGIN", b.origin());
            env.put("TIMEOUT", b.timeout());
        } else if (event instanceof McaEvent.IoMca io) {
            trigger = iomca;
            reporter = "iomca";
            env.put("LOCATION", location);
            env.put("MESSAGE", location + " received IO MCA Errors from " + Integer.toHexString(io.segment()) + ":"
                    + hex2(io.bus()) + ":" + hex2(io.device()) + "." + Integer.toHexString(io.function()));
            env.put("SEG", Integer.toHexString(io.segment()));
            env.put("BUS", Integer.toHexString(io.bus()));
            env.put("DEVICE", Integer.toHexString(io.device()));
            env.put("FUNCTION", Integer.toHexString(io.function()));
        } else {
            trigger = unknown;
            reporter = "unknown";
            env.put("LOCATION", location);
            env.put("MESSAGE", location + " received unknown error");
            env.put("STATUS", Long.toHexString(m.status()));
            env.put("MISC", Long.toHexString(m.misc()));
            env.put("ADDR", Long.toHexString(m.addr()));
            env.put("MCGSTATUS", Long.toHexString(m.mcgstatus()));
            env.put("MCGCAP", Long.toHexString(m.mcgcap()));
        }
        if (trigger.isEmpty()) {
            return Optional.empty();
        }
        String text = "";
        if (event instanceof McaEvent.YellowCache y) {
            Optional<List<Integer>> shared = caches.cpus(y.cpu(), y.level(), y.typeNumber());
            if (shared.isEmpty()) {
                text = "Cannot find sysfs cache for CPU " + event.cpu();
            }
            env.put("AFFECTED_CPUS", shared.map(DecodeTriggers::spaced).orElse("unknown"));
        }
        TriggerRequest request = new TriggerRequest(trigger.get(), List.of(), env, reporter);
        return Optional.of(new AccountingEvent.DecodeTrigger(
                new TextInsert(event.at(), text + request.runningLine() + "\n"), request));
    }

    private static String spaced(List<Integer> cpus) {
        StringBuilder sb = new StringBuilder();
        for (int cpu : cpus) {
            sb.append(sb.length() == 0 ? "" : " ").append(cpu);
        }
        return sb.toString();
    }

    private static String location(int cpu, int socket) {
        return "CPU " + cpu + (socket >= 0 ? " on socket " + socket : "");
    }

    private static String hex2(int v) {
        return (v < 0x10 ? "0" : "") + Integer.toHexString(v);
    }
}
