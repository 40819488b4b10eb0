package org.mcelogjava.daemon.decode;

/**
 * One named bit field of a register, as an entry of mcelog's {@code struct field} tables: the
 * value at {@code startBit} (masked to cover the table's length) selects a name.
 *
 * @param startBit lowest bit of the field
 * @param names    names by value; holes print nothing for value 0 and {@code <start:value>} otherwise
 */
public record BitField(int startBit, NameTable names) {

    /** A single bit with a name (mcelog's {@code SBITFIELD}). */
    public static BitField flag(int bit, String name) {
        return new BitField(bit, NameTable.flag(name));
    }

    /** A multi-bit field named by a table (mcelog's {@code FIELD}). */
    public static BitField of(int startBit, NameTable names) {
        return new BitField(startBit, names);
    }

    /** The smallest all-ones mask covering {@code length - 1} ({@code bitmask} in mcelog). */
    long mask() {
        long max = names.length() - 1L;
        long mask = 1;
        while (Long.compareUnsigned(mask, max) < 0) {
            mask = (mask << 1) | 1;
        }
        return mask;
    }
}
