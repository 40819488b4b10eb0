package org.mcelogjava.protocol.device;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of an ATTR_LIST reply, as {@code getdents} plus {@code stat} would show it.
 *
 * @param name entry name within the listed directory (no '/', at most NAME_MAX bytes)
 * @param kind file or directory
 * @param mode permission bits, e.g. {@code 0644} (octal) for {@code check_interval}
 */
public record AttrEntry(String name, Kind kind, int mode) {

    /** What an entry is; the code is its byte on the wire. */
    public enum Kind {
        FILE(1),
        DIRECTORY(2);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Optional<Kind> fromCode(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    public AttrEntry {
        FieldChecks.utf8("name", name, DeviceProtocol.MAX_NAME_BYTES);
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid entry name: '" + name + "'");
        }
        Objects.requireNonNull(kind, "kind");
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode must be in 0..07777: " + Integer.toOctalString(mode));
        }
    }
}
