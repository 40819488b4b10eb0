package org.mcelogjava.daemon.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.dmi.DmiMemory;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.ErrorClass;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceField;

/**
 * mcelog's Intel filter step ({@code mce_filter_intel} / {@code intel_memory_error}): a record
 * whose MCACOD is a memory-controller error (0x0080-0x00ff) is accounted in the memory database
 * and, when corrected, to its page, before its text is printed; with {@code filter-memory-errors}
 * its text is then suppressed. Other records pass untouched.
 */
public final class MemoryErrorFilter implements RecordAccounting {

    private static final long CMCI_P = 1L << 10;
    private static final Set<CpuType> NO_MEMORY_ERRORS = Set.of(CpuType.ATOM, CpuType.CORE2, CpuType.DUNNINGTON,
            CpuType.GENERIC, CpuType.K8, CpuType.P4, CpuType.P6OLD, CpuType.TULSA);

    private final MemoryAccounting memdb;
    private final PageAccounting pages;
    private final boolean filterMemoryErrors;

    public MemoryErrorFilter(MemoryAccounting memdb, PageAccounting pages, boolean filterMemoryErrors) {
        this.memdb = memdb;
        this.pages = pages;
        this.filterMemoryErrors = filterMemoryErrors;
    }

    /**
     * The filter as mcelog configures it ({@code memdb_config}, {@code page_setup}): DIMM and socket
     * tracking default to on when the CPU type reports memory errors. mcelog accounts only in daemon
     * mode ({@code prefill_memdb} and {@code page_setup} run there), so only the daemon attaches it.
     *
     * @param path      the daemon's {@code PATH}, copied into the memory triggers' environment
     * @param wallClock seconds since the epoch
     */
    public static MemoryErrorFilter configured(McelogConfig config, CpuType type, String path,
                                               LongSupplier wallClock) {
        boolean support = supportsMemoryErrors(type);
        MemoryAccounting memdb = new MemoryAccounting(
                new MemoryAccounting.Kind(config.dimm().trackingEnabled().orElse(support), "DIMM",
                        config.dimm().ceError(), config.dimm().ucError()),
                new MemoryAccounting.Kind(config.socket().trackingEnabled().orElse(support), "Socket",
                        config.socket().memCeError(), config.socket().memUcError()),
                path, wallClock);
        PageAccounting pages = new PageAccounting(config.page(), memdb, path, wallClock);
        return new MemoryErrorFilter(memdb, pages, config.global().filterMemoryErrors());
    }

    /**
     * {@code prefill_memdb}: DIMM objects named after the DMI memory devices.
     *
     * @return the devices that could not be placed
     */
    public int prefill(List<DmiMemory.Device> devices) {
        synchronized (memdb) {
            return memdb.prefill(devices);
        }
    }

    /** What page accounting says at start-up (the counter table's rounding), if anything. */
    public Optional<String> startupNotice() {
        return pages.roundingNotice();
    }

    /** What the client socket's {@code dump} and {@code pages} show from this filter's accounting. */
    public AccountingQueries queries() {
        return new AccountingQueries(memdb, pages);
    }

    /**
     * Whether mcelog tracks memory errors of this CPU type by default ({@code memory_error_support});
     * mcelog-java also tracks them on AMD Zen ({@link CpuType#SMCA}).
     */
    public static boolean supportsMemoryErrors(CpuType type) {
        return type == CpuType.SMCA || type.isIntel() && !NO_MEMORY_ERRORS.contains(type);
    }

    /**
     * Whether the record goes to the memory database. Intel: the record's class is MEMORY and, as
     * mce_filter_intel tests, a plain memory-controller code (no "corrected filtering" bit, no memory
     * used as cache). AMD Zen (mcelog-java's addition): a UMC DRAM ECC or poison error, whose facts
     * name its UMC channel and DIMM; the same thresholds and page rules apply.
     */
    private static boolean accountable(DecodedMce decoded) {
        if (decoded.facts().errorClass() != ErrorClass.MEMORY) {
            return false;
        }
        if (decoded.cpuType() == CpuType.SMCA) {
            return !decoded.facts().sites().isEmpty();
        }
        return decoded.cpuType().isIntel() && ((decoded.mce().status() & 0xffff) >>> 7) == 1;
    }

    @Override
    public Outcome account(DecodedMce decoded) {
        Mce m = decoded.mce();
        if (!accountable(decoded)) {
            return Outcome.NOTHING;
        }
        long corrected = decoded.carriesBeyond(MceField.MCGCAP.offset()) && (m.mcgcap() & CMCI_P) != 0
                ? (m.status() >>> 38) & 0x7fff : 0;
        List<AccountingEvent> events = new ArrayList<>();
        synchronized (memdb) {
            // two failing DIMMs (Sandy/Ivy Bridge-EP): the error is accounted to each, and twice to the page
            for (MemoryErrorSite site : MemoryErrorSite.resolve(decoded.facts().sites(), memdb::knows)) {
                accountLocked(decoded, m, site, corrected, events);
            }
        }
        return new Outcome(events, !filterMemoryErrors);
    }

    @Override
    public void offlined(AccountingEvent.OfflinePage decision, boolean done) {
        synchronized (memdb) {
            pages.offlined(decision.address(), done);
        }
    }

    private void accountLocked(DecodedMce decoded, Mce m, MemoryErrorSite site, long corrected,
                               List<AccountingEvent> events) {
        if (decoded.carriesBeyond(MceField.SOCKETID.offset() - 1)) {
            events.addAll(memdb.account(m, site, corrected));
        }
        boolean apeiDuplicate = decoded.cpuType() == CpuType.SANDY_BRIDGE_EP && m.bank() == 1 && decoded.cpu() == 0;
        if (!apeiDuplicate) {
            events.addAll(pages.account(m, site));
        }
    }
}
