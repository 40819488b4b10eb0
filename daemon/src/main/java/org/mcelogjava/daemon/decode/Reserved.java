package org.mcelogjava.daemon.decode;

/** mcelog's all-hole tables for reserved fields ({@code reserved_1bit}, {@code reserved_2bits}, {@code reserved_3bits}). */
final class Reserved {

    static final NameTable ONE_BIT = NameTable.empty(2);
    static final NameTable TWO_BITS = NameTable.empty(4);
    static final NameTable THREE_BITS = NameTable.empty(8);

    private Reserved() {
    }
}
