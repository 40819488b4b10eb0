package org.mcelogjava.kernelsim.faults;

/** What a raised error is, as the generator chose it. */
public enum ErrorKind {
    /** Corrected memory error on a demand read (MCACOD 1001CCCC). */
    MEMORY_CE_READ(true),
    /** Corrected memory error found by the patrol scrubber (MCACOD 1100CCCC). */
    MEMORY_CE_SCRUB(true),
    /** Uncorrected memory error not signalled by #MC (UCNA: S=0, PCC=0; a prefetch or read-for-ownership). */
    MEMORY_UCNA(true),
    /** Uncorrected error found by the patrol scrubber, signalled by #MC as SRAO (S=1, AR=0). */
    MEMORY_SRAO_SCRUB(true),
    /** Corrected error in a core or last-level cache. */
    CACHE_CE(false),
    /** Corrected interconnect link error (CRC error recovered by link-level retry). */
    BUS_CE(false);

    private final boolean memory;

    ErrorKind(boolean memory) {
        this.memory = memory;
    }

    /** True for errors of a memory controller bank (with an address on a DIMM). */
    public boolean memory() {
        return memory;
    }

    /** True for uncorrected errors. */
    public boolean uncorrected() {
        return this == MEMORY_UCNA || this == MEMORY_SRAO_SCRUB;
    }
}
