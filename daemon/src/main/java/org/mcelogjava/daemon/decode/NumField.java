package org.mcelogjava.daemon.decode;

/**
 * One numeric field of a register printed as {@code <name>: <value>}, as an entry of mcelog's
 * {@code struct numfield} tables.
 *
 * @param start first bit
 * @param end   last bit (inclusive)
 * @param name  label
 * @param hex   print in hex rather than unsigned decimal
 * @param force print even when the value is zero
 */
public record NumField(int start, int end, String name, boolean hex, boolean force) {

    public static NumField dec(int start, int end, String name) {
        return new NumField(start, end, name, false, false);
    }

    public static NumField decForced(int start, int end, String name) {
        return new NumField(start, end, name, false, true);
    }

    public static NumField hex(int start, int end, String name) {
        return new NumField(start, end, name, true, false);
    }

    public static NumField hexForced(int start, int end, String name) {
        return new NumField(start, end, name, true, true);
    }
}
