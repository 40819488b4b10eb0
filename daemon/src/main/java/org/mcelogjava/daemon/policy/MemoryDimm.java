package org.mcelogjava.daemon.policy;

import java.util.Optional;
import org.mcelogjava.daemon.config.ThresholdAction;

/**
 * mcelog's {@code struct memdimm}: one DIMM (or, with channel and DIMM unknown, one socket) with
 * its corrected and uncorrected counts and, when the DIMM database was filled from DMI, its slot
 * name and bank locator. Not thread-safe.
 */
final class MemoryDimm {

    private final MemoryErrorSite site;
    private final ErrorCount corrected;
    private final ErrorCount uncorrected;
    private final Optional<String> name;
    private final Optional<String> location;

    MemoryDimm(MemoryErrorSite site, ThresholdAction ce, ThresholdAction uc, long createdAt) {
        this(site, ce, uc, createdAt, Optional.empty(), Optional.empty());
    }

    /**
     * @param name     DMI's device locator, e.g. {@code CPU0_DIMM_A1}
     * @param location DMI's bank locator, e.g. {@code P0_Node0_Channel0_Dimm0}
     */
    MemoryDimm(MemoryErrorSite site, ThresholdAction ce, ThresholdAction uc, long createdAt, Optional<String> name,
               Optional<String> location) {
        this.site = site;
        this.corrected = new ErrorCount(ce.threshold(), createdAt);
        this.uncorrected = new ErrorCount(uc.threshold(), createdAt);
        this.name = name;
        this.location = location;
    }

    Optional<String> name() {
        return name;
    }

    Optional<String> dmiLocation() {
        return location;
    }

    /** mcelog's {@code format_location}: {@code SOCKET:0 CHANNEL:1 DIMM:2 [<bank locator> <name>]}. */
    String location() {
        return "SOCKET:" + site.socket() + " CHANNEL:" + (site.channel() == -1 ? "?" : site.channel()) + " DIMM:"
                + (site.dimm() == -1 ? "?" : site.dimm()) + " [" + location.orElse("")
                + (location.isPresent() && name.isPresent() ? " " : "") + name.orElse("") + "]";
    }

    MemoryErrorSite site() {
        return site;
    }

    ErrorCount corrected() {
        return corrected;
    }

    ErrorCount uncorrected() {
        return uncorrected;
    }
}
