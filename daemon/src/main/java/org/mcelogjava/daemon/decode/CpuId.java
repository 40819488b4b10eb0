package org.mcelogjava.daemon.decode;

/**
 * Family, model and stepping of a CPUID(1).EAX value, computed as mcelog's {@code parse_cpuid}
 * does (extended family only for family 15, extended model only for families 6 and 15).
 */
public record CpuId(int family, int model, int stepping) {

    private static final long UNINITIALISED_STEPPING = 7;

    /** {@code parse_cpuid}. */
    public static CpuId parse(long eax) {
        int family = (int) (eax >>> 8) & 0xf;
        if (family == 0xf) {
            family += (int) (eax >>> 20) & 0xff;
        }
        int model = (int) (eax >>> 4) & 0xf;
        if (family == 6 || family == 0xf) {
            model += ((int) (eax >>> 16) & 0xf) << 4;
        }
        return new CpuId(family, model, (int) eax & 0xf);
    }

    /**
     * {@code unparse_cpuid}: the EAX value for a family and model as read from a
     * {@code CPUID Vendor ...} input line. mcelog leaves the stepping uninitialised; its v208
     * build reads 7 there (the value its parity corpus shows), so 7 is used. Bits mcelog never
     * reads back (type, reserved, unused extended fields) are zero.
     */
    public static long unparse(long family, long model) {
        long eax;
        if (family >= 0xf) {
            eax = (0xfL << 8) | (((family - 0xf) & 0xff) << 20);
        } else {
            eax = (family & 0xf) << 8;
        }
        eax |= ((model & 0xf) << 4) | UNINITIALISED_STEPPING;
        if (family == 6 || family == 0xf) {
            eax |= ((model >>> 4) & 0xf) << 16;
        }
        return eax & 0xffffffffL;
    }
}
