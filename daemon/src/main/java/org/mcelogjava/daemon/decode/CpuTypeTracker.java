package org.mcelogjava.daemon.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The CPU type in force while records are decoded, as mcelog's {@code mce_cpuid} keeps it: a
 * record that carries a CPUID selects the type for itself and every later record unless the
 * type was forced on the command line; a forced type that disagrees with a record is reported
 * once. One tracker belongs to one decoding run. The selection for the last CPUID seen is
 * remembered (its notes are repeated, as mcelog repeats them for every record).
 */
public final class CpuTypeTracker {

    private final CpuSelector selector;
    private final Consumer<String> errors;
    private final boolean forced;
    private final List<String> notes = new ArrayList<>(1);
    private CpuType current;
    private boolean mismatchReported;
    private int lastVendor = -1;
    private long lastCpuid;
    private CpuType lastSelection;

    /**
     * @param initial the starting type ({@link CpuType#GENERIC} unless forced)
     * @param forced  whether {@code --cpu} (or a similar option) fixed the type
     */
    public CpuTypeTracker(CpuType initial, boolean forced, Consumer<String> errors) {
        this(initial, forced, errors, AmdDecoding.SMCA);
    }

    /** @param amd how AMD family 17h and later is decoded ({@code --amd-compat}) */
    public CpuTypeTracker(CpuType initial, boolean forced, Consumer<String> errors, AmdDecoding amd) {
        this.current = initial;
        this.forced = forced;
        this.errors = errors;
        this.selector = new CpuSelector(notes::add, amd);
    }

    /** {@code mce_cpuid}: updates the type from a record's vendor and CPUID, returns the type to use. */
    public CpuType observe(int vendor, long cpuid) {
        if (cpuid != 0) {
            if (vendor != lastVendor || cpuid != lastCpuid) {
                notes.clear();
                lastSelection = selector.fromCpuid(vendor, cpuid);
                lastVendor = vendor;
                lastCpuid = cpuid;
            }
            notes.forEach(errors);
            CpuType fromRecord = lastSelection;
            if (!forced) {
                current = fromRecord;
            } else if (fromRecord != current && fromRecord != CpuType.GENERIC && !mismatchReported) {
                errors.accept("Forced cputype " + current.displayName()
                        + " does not match cpu type " + fromRecord.displayName() + " from mcelog");
                mismatchReported = true;
            }
        }
        return current;
    }

    public CpuType current() {
        return current;
    }
}
