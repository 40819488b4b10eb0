package org.mcelogjava.daemon.dmi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One SMBIOS structure from a {@code raw} file: its header, its formatted area and its strings.
 * Fields are read little endian at their offsets in the formatted area, as mcelog's packed structs
 * read them.
 */
public final class DmiStructure {

    private final byte[] formatted;
    private final List<String> strings;

    private DmiStructure(byte[] formatted, List<String> strings) {
        this.formatted = formatted;
        this.strings = strings;
    }

    /**
     * Parses a {@code raw} file's bytes.
     *
     * @throws IllegalArgumentException if the header's length does not fit the bytes
     */
    public static DmiStructure parse(byte[] raw) {
        if (raw.length < 4 || (raw[1] & 0xff) < 4 || (raw[1] & 0xff) > raw.length) {
            throw new IllegalArgumentException("not an SMBIOS structure (" + raw.length + " bytes)");
        }
        int length = raw[1] & 0xff;
        List<String> strings = new ArrayList<>();
        int start = length;
        for (int i = length; i < raw.length; i++) {
            if (raw[i] == 0) {
                if (i == start) {
                    break; // the empty string ends the set
                }
                strings.add(new String(raw, start, i - start, StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        return new DmiStructure(Arrays.copyOf(raw, length), List.copyOf(strings));
    }

    public int type() {
        return u8(0);
    }

    public int length() {
        return formatted.length;
    }

    public int handle() {
        return u16(2);
    }

    /** The byte at {@code offset}, 0 beyond the formatted area. */
    public int u8(int offset) {
        return offset < formatted.length ? formatted[offset] & 0xff : 0;
    }

    public int u16(int offset) {
        return u8(offset) | u8(offset + 1) << 8;
    }

    public long u32(int offset) {
        return u16(offset) | (long) u16(offset + 2) << 16;
    }

    /**
     * {@code dmi_getstring}: string {@code number} (counted from 1); "" for 0; null when the
     * structure has fewer strings.
     */
    public String string(int number) {
        if (number == 0) {
            return "";
        }
        return number <= strings.size() ? strings.get(number - 1) : null;
    }
}
