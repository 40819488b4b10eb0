package org.mcelogjava.kernelsim.firmware;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One SMBIOS structure as the kernel exports it in {@code /sys/firmware/dmi/entries/T-N/raw}: the
 * formatted area (type, length, handle, fields, little endian) followed by its strings, each
 * null-terminated, and a final null (two nulls when there are no strings).
 *
 * @param type     the structure type (17 = memory device ...)
 * @param instance N: its position among the structures of its type
 * @param handle   its handle, which other structures refer to
 * @param raw      the bytes of the {@code raw} file
 */
public record SmbiosStructure(int type, int instance, int handle, byte[] raw) {

    public SmbiosStructure {
        raw = raw.clone();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** The formatted area's length (the header's length byte). */
    public int length() {
        return raw[1] & 0xff;
    }

    /** Builds the formatted area field by field, then appends the strings. */
    static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int type;
        private final int handle;

        Builder(int type, int handle) {
            this.type = type;
            this.handle = handle;
            out.write(type);
            out.write(0); // length, set in build()
            u16(handle);
        }

        Builder u8(int v) {
            out.write(v & 0xff);
            return this;
        }

        Builder u16(int v) {
            out.write(v & 0xff);
            out.write((v >>> 8) & 0xff);
            return this;
        }

        Builder u32(long v) {
            u16((int) (v & 0xffff));
            return u16((int) ((v >>> 16) & 0xffff));
        }

        SmbiosStructure build(int instance, List<String> strings) {
            byte[] formatted = out.toByteArray();
            formatted[1] = (byte) formatted.length;
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(formatted);
            for (String s : strings) {
                all.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
                all.write(0);
            }
            if (strings.isEmpty()) {
                all.write(0);
            }
            all.write(0);
            return new SmbiosStructure(type, instance, handle, all.toByteArray());
        }
    }
}
