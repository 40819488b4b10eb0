package org.mcelogjava.kernelsim.machine;

/** The kernel's {@code X86_VENDOR_*} values, as stored in {@code struct mce.cpuvendor}. */
public enum Vendor {
    INTEL(0), AMD(2), HYGON(9), ZHAOXIN(10);

    private final int code;

    Vendor(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Intel and Zhaoxin use the table-driven grading, CMCI and the broadcast rendezvous. */
    public boolean intelLike() {
        return this == INTEL || this == ZHAOXIN;
    }
}
