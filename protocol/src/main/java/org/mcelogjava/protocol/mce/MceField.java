package org.mcelogjava.protocol.mce;

/**
 * The fields of {@code struct mce} with their byte offsets and sizes in the x86-64 layout
 * (natural alignment, little-endian). Offsets are ABI: the kernel only ever appends fields, so a
 * record of length {@code n} carries exactly the fields that end at or before {@code n}.
 */
public enum MceField {
    STATUS(0, 8),
    MISC(8, 8),
    ADDR(16, 8),
    MCGSTATUS(24, 8),
    IP(32, 8),
    TSC(40, 8),
    TIME(48, 8),
    CPUVENDOR(56, 1),
    INJECT_FLAGS(57, 1),
    SEVERITY(58, 1),
    /** Byte 59 is padding. */
    CPUID(60, 4),
    CS(64, 1),
    BANK(65, 1),
    CPU(66, 1),
    FINISHED(67, 1),
    EXTCPU(68, 4),
    SOCKETID(72, 4),
    APICID(76, 4),
    MCGCAP(80, 8),
    /** Appended in 4.x (AMD SMCA); records of 88 bytes end before it. */
    SYND(88, 8),
    IPID(96, 8),
    PPIN(104, 8),
    MICROCODE(112, 4),
    /** Bytes 116..119 are padding before the 8-byte aligned kflags. */
    KFLAGS(120, 8);

    private final int offset;
    private final int size;

    MceField(int offset, int size) {
        this.offset = offset;
        this.size = size;
    }

    public int offset() {
        return offset;
    }

    public int size() {
        return size;
    }

    /** The first byte after the field. */
    public int end() {
        return offset + size;
    }

    /** Whether a record of {@code recordLength} bytes carries this whole field. */
    public boolean presentIn(int recordLength) {
        return end() <= recordLength;
    }
}
