package org.mcelogjava.daemon.policy;

import org.mcelogjava.daemon.config.ThresholdAction;

/**
 * mcelog's {@code struct memdimm}: one DIMM (or, with channel and DIMM unknown, one socket) with
 * its corrected and uncorrected counts. Not thread-safe.
 */
final class MemoryDimm {

    private final MemoryErrorSite site;
    private final ErrorCount corrected;
    private final ErrorCount uncorrected;

    MemoryDimm(MemoryErrorSite site, ThresholdAction ce, ThresholdAction uc, long createdAt) {
        this.site = site;
        this.corrected = new ErrorCount(ce.threshold(), createdAt);
        this.uncorrected = new ErrorCount(uc.threshold(), createdAt);
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
