package org.mcelogjava.daemon.decode;

import java.util.Arrays;

/**
 * A fixed-length table of names indexed by a field value, with holes: the shape of mcelog's
 * sparse {@code char *name[]} initialisers. The length matters as much as the names, because
 * mcelog sizes the bit mask of a field from it.
 */
public final class NameTable {

    private final String[] names;

    private NameTable(String[] names) {
        this.names = names;
    }

    /** A table of {@code length} holes. */
    public static NameTable empty(int length) {
        return new NameTable(new String[length]);
    }

    /** A table whose entries are {@code names}, in order. */
    public static NameTable of(String... names) {
        return new NameTable(names.clone());
    }

    /** A table with a single name at index 1 (mcelog's {@code SBITFIELD}). */
    public static NameTable flag(String name) {
        return new NameTable(new String[] {null, name});
    }

    /** Builds a sparse table whose length is one past the highest index set. */
    public static Builder sparse() {
        return new Builder(0);
    }

    /** Builds a sparse table of a declared length. */
    public static Builder sized(int length) {
        return new Builder(length);
    }

    public int length() {
        return names.length;
    }

    /** The name at {@code index}, or null for a hole or an index past the end. */
    public String get(long index) {
        return index >= 0 && index < names.length ? names[(int) index] : null;
    }

    /** Collects index/name pairs. */
    public static final class Builder {
        private String[] names;

        private Builder(int length) {
            names = new String[length];
        }

        public Builder at(int index, String name) {
            return range(index, index, name);
        }

        /** Sets every index from {@code first} to {@code last}, both included. */
        public Builder range(int first, int last, String name) {
            if (last >= names.length) {
                names = Arrays.copyOf(names, last + 1);
            }
            for (int i = first; i <= last; i++) {
                names[i] = name;
            }
            return this;
        }

        public NameTable build() {
            return new NameTable(names.clone());
        }
    }
}
