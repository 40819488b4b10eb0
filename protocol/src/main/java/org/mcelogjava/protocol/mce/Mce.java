package org.mcelogjava.protocol.mce;

/**
 * The kernel's {@code struct mce} (arch/x86/include/uapi/asm/mce.h), one machine-check record as
 * the kernel logs it and {@code /dev/mcelog} hands it to user space.
 *
 * <p>Every field of the current 128-byte layout is here, named as in the header. Unsigned C types
 * are widened so that their values are never negative in Java: {@code __u8} fields are {@code int}
 * in 0..255, {@code __u32} fields are {@code long} in 0..2<sup>32</sup>-1, {@code __u64} fields are
 * {@code long} holding the raw 64 bits. The compact constructor rejects out-of-range values, so a
 * record always encodes to exactly the bytes its accessors show. Byte offsets are in
 * {@link MceLayout}; the wire encoding is {@link MceCodec}.
 *
 * @param status       MCi_STATUS of the bank
 * @param misc         MCi_MISC (kernel fills it only when STATUS.MISCV)
 * @param addr         MCi_ADDR (only when STATUS.ADDRV)
 * @param mcgstatus    IA32_MCG_STATUS at collection time
 * @param ip           instruction pointer (only on the #MC path)
 * @param tsc          time stamp counter
 * @param time         wall-clock seconds (time_t)
 * @param cpuvendor    kernel X86_VENDOR_* value (Intel 0, AMD 2, Hygon 9, Zhaoxin 10)
 * @param injectFlags  MCJ_* software injection flags ({@code inject_flags})
 * @param severity     kernel {@code enum severity_level} value
 * @param cpuid        CPUID(1).EAX
 * @param cs           code segment
 * @param bank         bank number
 * @param cpu          legacy 8-bit CPU number
 * @param finished     entry valid flag (1 in a delivered log entry)
 * @param extcpu       Linux CPU number
 * @param socketid     physical package id
 * @param apicid       initial APIC id
 * @param mcgcap       IA32_MCG_CAP
 * @param synd         AMD SMCA MCA_SYND
 * @param ipid         AMD SMCA MCA_IPID
 * @param ppin         Protected Processor Inventory Number
 * @param microcode    microcode revision
 * @param kflags       kernel-internal flags (MCE_HANDLED_*); dev-mcelog zeroes them in its copy
 */
public record Mce(
        long status, long misc, long addr, long mcgstatus, long ip, long tsc, long time,
        int cpuvendor, int injectFlags, int severity, long cpuid,
        int cs, int bank, int cpu, int finished,
        long extcpu, long socketid, long apicid,
        long mcgcap, long synd, long ipid, long ppin, long microcode, long kflags) {

    /** A record with every field zero, as the kernel's zeroed {@code struct mce}. */
    public static final Mce EMPTY = builder().build();

    public Mce {
        checkU8("cpuvendor", cpuvendor);
        checkU8("inject_flags", injectFlags);
        checkU8("severity", severity);
        checkU8("cs", cs);
        checkU8("bank", bank);
        checkU8("cpu", cpu);
        checkU8("finished", finished);
        checkU32("cpuid", cpuid);
        checkU32("extcpu", extcpu);
        checkU32("socketid", socketid);
        checkU32("apicid", apicid);
        checkU32("microcode", microcode);
    }

    /** MCi_STATUS seen through its named bits. */
    public McaStatus statusView() {
        return new McaStatus(status);
    }

    /** IA32_MCG_STATUS seen through its named bits. */
    public McgStatus mcgStatusView() {
        return new McgStatus(mcgstatus);
    }

    /** IA32_MCG_CAP seen through its named bits. */
    public McgCap mcgCapView() {
        return new McgCap(mcgcap);
    }

    /** MCi_MISC seen through its named fields. */
    public McaMisc miscView() {
        return new McaMisc(misc);
    }

    /** The value of one field, widened to {@code long} as its accessor returns it. */
    public long get(MceField field) {
        return switch (field) {
            case STATUS -> status;
            case MISC -> misc;
            case ADDR -> addr;
            case MCGSTATUS -> mcgstatus;
            case IP -> ip;
            case TSC -> tsc;
            case TIME -> time;
            case CPUVENDOR -> cpuvendor;
            case INJECT_FLAGS -> injectFlags;
            case SEVERITY -> severity;
            case CPUID -> cpuid;
            case CS -> cs;
            case BANK -> bank;
            case CPU -> cpu;
            case FINISHED -> finished;
            case EXTCPU -> extcpu;
            case SOCKETID -> socketid;
            case APICID -> apicid;
            case MCGCAP -> mcgcap;
            case SYND -> synd;
            case IPID -> ipid;
            case PPIN -> ppin;
            case MICROCODE -> microcode;
            case KFLAGS -> kflags;
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this record's values. */
    public Builder toBuilder() {
        return new Builder()
                .status(status).misc(misc).addr(addr).mcgstatus(mcgstatus).ip(ip).tsc(tsc).time(time)
                .cpuvendor(cpuvendor).injectFlags(injectFlags).severity(severity).cpuid(cpuid)
                .cs(cs).bank(bank).cpu(cpu).finished(finished)
                .extcpu(extcpu).socketid(socketid).apicid(apicid)
                .mcgcap(mcgcap).synd(synd).ipid(ipid).ppin(ppin).microcode(microcode).kflags(kflags);
    }

    private static void checkU8(String field, int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException(field + " is a __u8, got " + value);
        }
    }

    private static void checkU32(String field, long value) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException(field + " is a __u32, got " + value);
        }
    }

    /** Mutable builder; every field starts at zero. */
    public static final class Builder {
        private long status;
        private long misc;
        private long addr;
        private long mcgstatus;
        private long ip;
        private long tsc;
        private long time;
        private int cpuvendor;
        private int injectFlags;
        private int severity;
        private long cpuid;
        private int cs;
        private int bank;
        private int cpu;
        private int finished;
        private long extcpu;
        private long socketid;
        private long apicid;
        private long mcgcap;
        private long synd;
        private long ipid;
        private long ppin;
        private long microcode;
        private long kflags;

        private Builder() {
        }

        public Builder status(long v) { status = v; return this; }
        public Builder misc(long v) { misc = v; return this; }
        public Builder addr(long v) { addr = v; return this; }
        public Builder mcgstatus(long v) { mcgstatus = v; return this; }
        public Builder ip(long v) { ip = v; return this; }
        public Builder tsc(long v) { tsc = v; return this; }
        public Builder time(long v) { time = v; return this; }
        public Builder cpuvendor(int v) { cpuvendor = v; return this; }
        public Builder injectFlags(int v) { injectFlags = v; return this; }
        public Builder severity(int v) { severity = v; return this; }
        public Builder cpuid(long v) { cpuid = v; return this; }
        public Builder cs(int v) { cs = v; return this; }
        public Builder bank(int v) { bank = v; return this; }
        public Builder cpu(int v) { cpu = v; return this; }
        public Builder finished(int v) { finished = v; return this; }
        public Builder extcpu(long v) { extcpu = v; return this; }
        public Builder socketid(long v) { socketid = v; return this; }
        public Builder apicid(long v) { apicid = v; return this; }
        public Builder mcgcap(long v) { mcgcap = v; return this; }
        public Builder synd(long v) { synd = v; return this; }
        public Builder ipid(long v) { ipid = v; return this; }
        public Builder ppin(long v) { ppin = v; return this; }
        public Builder microcode(long v) { microcode = v; return this; }
        public Builder kflags(long v) { kflags = v; return this; }

        public Mce build() {
            return new Mce(status, misc, addr, mcgstatus, ip, tsc, time,
                    cpuvendor, injectFlags, severity, cpuid, cs, bank, cpu, finished,
                    extcpu, socketid, apicid, mcgcap, synd, ipid, ppin, microcode, kflags);
        }
    }
}
