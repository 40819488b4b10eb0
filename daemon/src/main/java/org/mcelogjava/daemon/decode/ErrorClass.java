package org.mcelogjava.daemon.decode;

/**
 * The one definition of what kind of error a record reports, from its architectural MCACOD
 * (Intel SDM Vol. 3B, "Interpreting the MCA Error Codes"; mcelog's {@code decode_mca} in intel.c
 * tests the same bit patterns in the same order, after clearing the "corrected filtering" bit 12).
 * The stream, the metrics and the accounting all read this value; nobody classifies again.
 */
public enum ErrorClass {
    /** A memory-controller error (MCACOD {@code 0000 0000 1MMM CCCC}), also when memory serves as a cache. */
    MEMORY,
    /** A cache, TLB or generic cache-hierarchy error. */
    CACHE,
    /** A bus/interconnect error ({@code 0000 1PPT RRRR IILL}) whose request went to memory or elsewhere. */
    BUS,
    /** A bus/interconnect error whose request went to IO (II = 2): what PCIe root ports report. */
    INTERCONNECT,
    /** A simple, internal or unclassified code, a thermal event, or a code the SDM reserves. */
    UNKNOWN;

    private static final int FILTERED = 1 << 12;

    /** The class of an MCACOD (the low 16 bits of MCi_STATUS). */
    public static ErrorClass of(int mcacod) {
        int mca = mcacod & 0xffff & ~FILTERED;
        if (mca < 7) {
            return UNKNOWN;
        }
        if ((mca >>> 2) == 3 || (mca >>> 4) == 1 || (mca >>> 8) == 1) {
            return CACHE;
        }
        if ((mca >>> 9) == 1 && ((mca >>> 7) & 3) == 1) {
            return MEMORY;
        }
        if ((mca >>> 10) == 1) {
            return UNKNOWN;
        }
        if ((mca >>> 11) == 1) {
            return ((mca >>> 2) & 3) == 2 ? INTERCONNECT : BUS;
        }
        return (mca >>> 7) == 1 ? MEMORY : UNKNOWN;
    }
}
