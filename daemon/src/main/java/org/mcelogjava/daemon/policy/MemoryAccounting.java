package org.mcelogjava.daemon.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.mcelogjava.daemon.config.ThresholdAction;
import org.mcelogjava.daemon.dmi.DmiMemory;
import org.mcelogjava.protocol.mce.Mce;

/**
 * mcelog's memory error database (memdb.c): per socket+channel+DIMM objects ({@code [dimm]}) and
 * per-socket objects ({@code [socket]}), each with corrected and uncorrected totals and leaky
 * buckets, the overflow reports, the CMCI "Fallback" rule, and the {@code dump} text. Not
 * thread-safe: the record path and the client queries must hold the same lock.
 */
public final class MemoryAccounting {

    private static final long UC = 1L << 61;
    private static final Comparator<MemoryErrorSite> ORDER = Comparator.comparingLong(MemoryErrorSite::socket)
            .thenComparingInt(MemoryErrorSite::channel).thenComparingInt(MemoryErrorSite::dimm);

    private final Kind dimms;
    private final Kind sockets;
    private final ThresholdReport report;
    private final LongSupplier wallClock;
    private final Map<MemoryErrorSite, MemoryDimm> objects = new TreeMap<>(ORDER);

    /**
     * One of memdb's two tables of triggers ({@code struct err_triggers}).
     *
     * @param enabled whether this kind is tracked ({@code memdb_enabled} / {@code sockdb_enabled})
     * @param type    the word in the messages: {@code DIMM} or {@code Socket}
     */
    public record Kind(boolean enabled, String type, ThresholdAction ce, ThresholdAction uc) {
    }

    /**
     * @param dimms     {@code [dimm]} tracking and its thresholds (the DIMM thresholds also show in the dump)
     * @param sockets   {@code [socket]} tracking and its memory thresholds
     * @param path      the daemon's {@code PATH} for the triggers
     * @param wallClock seconds since the epoch (bucket creation and dump ageing)
     */
    public MemoryAccounting(Kind dimms, Kind sockets, String path, LongSupplier wallClock) {
        this.dimms = dimms;
        this.sockets = sockets;
        this.report = new ThresholdReport(path);
        this.wallClock = wallClock;
    }

    /**
     * mcelog's {@code memory_error}: accounts a memory-controller error at {@code site}.
     *
     * @param corrErrCount the CMCI corrected count (STATUS bits 52:38), 0 when the CPU has no CMCI
     */
    public List<AccountingEvent> account(Mce m, MemoryErrorSite site, long corrErrCount) {
        List<AccountingEvent> events = new ArrayList<>();
        if (dimms.enabled() && (site.channel() != -1 || site.dimm() != -1)) {
            events.addAll(accountOne(dimms, object(site), m, "memdb"));
        }
        if (sockets.enabled()) {
            MemoryDimm socket = object(site.socketWide());
            long lost = corrErrCount - 1;
            if (corrErrCount > 0 && lost > 0 && socket.corrected().account(lost, m.time(), 1)) {
                events.addAll(report.report("Fallback " + sockets.type() + " memory error count " + lost
                        + " exceeded threshold", socket, 0, socket.corrected(), sockets.ce(), List.of(),
                        "sockdb_fallback", true));
            }
            events.addAll(accountOne(sockets, socket, m, "sockdb_memdb"));
        }
        return events;
    }

    private List<AccountingEvent> accountOne(Kind kind, MemoryDimm md, Mce m, String reporter) {
        boolean uc = (m.status() & UC) != 0;
        String message = (uc ? "Un" : "") + "corrected " + kind.type() + " memory error count exceeded threshold";
        ErrorCount count = uc ? md.uncorrected() : md.corrected();
        if (count.account(1, m.time(), 1)) {
            return report.report(message, md, m.time(), count, uc ? kind.uc() : kind.ce(), List.of(), reporter, true);
        }
        return List.of();
    }

    /**
     * mcelog's {@code get_memdimm(..., insert=1)}: the object at {@code site}, created if new. A
     * socket-wide object's buckets follow the {@code [socket]} thresholds, a DIMM's the {@code [dimm]} ones.
     */
    /**
     * mcelog's {@code prefill_memdb}: a DIMM object for every DMI memory device whose bank locator
     * names its socket, channel and DIMM, with the device's names; nothing when DIMM tracking is off.
     *
     * @return the devices that could not be placed (a locator not understood, or a second device at
     *         the same place)
     */
    int prefill(List<DmiMemory.Device> devices) {
        if (!dimms.enabled()) {
            return 0;
        }
        int missed = 0;
        int channel = 0;
        for (DmiMemory.Device d : devices) {
            Optional<MemoryErrorSite> site = BankLocator.parse(d.bankLocator(), channel);
            if (site.isEmpty() || objects.containsKey(site.get())) {
                missed++;
                continue;
            }
            channel = site.get().channel();
            objects.put(site.get(), new MemoryDimm(site.get(), dimms.ce(), dimms.uc(), wallClock.getAsLong(),
                    Optional.ofNullable(d.deviceLocator()), Optional.of(d.bankLocator())));
        }
        return missed;
    }

    /** Whether there is an object for this DIMM ({@code get_memdimm} without creating one). */
    boolean knows(long socket, int channel, int dimm) {
        return objects.containsKey(new MemoryErrorSite(socket, channel, dimm));
    }

    MemoryDimm object(MemoryErrorSite site) {
        Kind kind = site.channel() == -1 && site.dimm() == -1 ? sockets : dimms;
        return objects.computeIfAbsent(site, s -> new MemoryDimm(s, kind.ce(), kind.uc(), wallClock.getAsLong()));
    }

    /**
     * mcelog's {@code dump_memory_errors}: objects by socket, channel and DIMM, separated by an
     * empty line; objects without errors only with {@code all}; with {@code bios} the DMI name and
     * location of a DIMM that has them.
     */
    public String dump(boolean all, boolean bios) {
        StringBuilder out = new StringBuilder();
        long now = wallClock.getAsLong();
        boolean first = true;
        for (MemoryDimm md : objects.values()) {
            out.append(first ? "Memory errors\n" : "\n");
            first = false;
            if (md.corrected().total() + md.uncorrected().total() == 0 && !all) {
                continue;
            }
            MemoryErrorSite s = md.site();
            out.append("SOCKET ").append(s.socket())
                    .append(" CHANNEL ").append(s.channel() == -1 ? "any" : Integer.toString(s.channel()))
                    .append(" DIMM ").append(s.dimm() == -1 ? "any" : Integer.toString(s.dimm())).append('\n');
            if (bios && (md.name().isPresent() || md.dmiLocation().isPresent())) {
                md.name().ifPresent(n -> out.append("DMI_NAME \"").append(n).append('"'));
                md.dmiLocation().ifPresent(l -> out.append(md.name().isPresent() ? " " : "")
                        .append("DMI_LOCATION \"").append(l).append('"'));
                out.append('\n');
            }
            dumpCount(out, "corrected memory errors", md.corrected(), dimms.ce(), all, now);
            dumpCount(out, "uncorrected memory errors", md.uncorrected(), dimms.uc(), all, now);
        }
        return out.toString();
    }

    /** {@code dump_errtype}; as in mcelog the bucket line follows the {@code [dimm]} threshold for every object. */
    private static void dumpCount(StringBuilder out, String name, ErrorCount count, ThresholdAction shown,
                                  boolean all, long now) {
        count.bucket().ifPresent(b -> b.age(now, 1));
        long level = count.bucket().map(LeakyBucket::level).orElse(0L);
        if (count.total() != 0 || level != 0 || all) {
            out.append(name).append(":\n");
        }
        if (count.total() != 0 || all) {
            out.append('\t').append(count.total()).append(" total\n");
        }
        if (shown.threshold().isPresent() && (level != 0 || all)) {
            long seen = count.bucket().map(LeakyBucket::seen).orElse(0L);
            out.append('\t').append(seen).append(" in ").append(shown.threshold().get().windowText()).append('\n');
        }
    }
}
