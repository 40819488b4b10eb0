package org.mcelogjava.protocol.mce;

/**
 * IA32_MCi_MISC's architectural fields (SDM vol. 3 §15.3.2.4; kernel MCI_MISC_ADDR_*).
 *
 * @param raw the 64-bit register value
 */
public record McaMisc(long raw) {

    /** Bits 5:0: the least significant valid bit of MCi_ADDR (the address granularity). */
    public int addressLsb() {
        return (int) (raw & 0x3f);
    }

    /** Bits 8:6: what kind of address MCi_ADDR holds. */
    public AddressMode addressMode() {
        return AddressMode.of((int) (raw >>> 6) & 7);
    }

    /** MCi_MISC address modes. */
    public enum AddressMode {
        SEGMENT_OFFSET(0), LINEAR(1), PHYSICAL(2), MEMORY(3), RESERVED_4(4), RESERVED_5(5), RESERVED_6(6), GENERIC(7);

        private final int code;

        AddressMode(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static AddressMode of(int code) {
            return values()[code];
        }
    }

    @Override
    public String toString() {
        return String.format("McaMisc[0x%x]", raw);
    }
}
