package org.mcelogjava.protocol.mce;

/**
 * The error classes of the SDM's software error recovery model (vol. 3 §15.6, table 15-6), derived
 * from MCi_STATUS.UC, PCC, S and AR.
 */
public enum SerClass {
    /** UC=0: corrected by hardware (CE). */
    CORRECTED,
    /** UC=1, PCC=0, S=0, AR=0: uncorrected, no action required (found by a patrol or a write-back). */
    UCNA,
    /** UC=1, PCC=0, S=1, AR=0: software recoverable, action optional. */
    SRAO,
    /** UC=1, PCC=0, S=1, AR=1: software recoverable, action required. */
    SRAR,
    /**
     * Uncorrected and not recoverable: PCC=1; or any uncorrected error on a CPU without SER_P;
     * or the combination S=0, AR=1 that the SDM reserves.
     */
    FATAL;

    static SerClass of(McaStatus status, boolean serP) {
        if (!status.uc()) {
            return CORRECTED;
        }
        if (status.pcc() || !serP) {
            return FATAL;
        }
        if (status.s()) {
            return status.ar() ? SRAR : SRAO;
        }
        return status.ar() ? FATAL : UCNA;
    }
}
