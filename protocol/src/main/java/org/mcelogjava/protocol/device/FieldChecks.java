package org.mcelogjava.protocol.device;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Range checks shared by the frame records' constructors; each throws IllegalArgumentException. */
final class FieldChecks {

    private FieldChecks() {
    }

    static void requestTag(int tag) {
        if (tag < 0 || tag >= DeviceProtocol.NO_TAG) {
            throw new IllegalArgumentException("request tag must be in 0..0xFFFE: " + tag);
        }
    }

    static void responseTag(int tag) {
        if (tag < 0 || tag > DeviceProtocol.NO_TAG) {
            throw new IllegalArgumentException("tag must be in 0..0xFFFF: " + tag);
        }
    }

    static void u16(String what, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " must be in 0..0xFFFF: " + value);
        }
    }

    static void nonNegative(String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be 0..2^63-1, got " + value);
        }
    }

    static void nonNegative(String what, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0: " + value);
        }
    }

    /** The UTF-8 length of {@code s}; rejects unpaired surrogates, NUL and more than {@code maxBytes}. */
    static int utf8(String what, String s, int maxBytes) {
        Objects.requireNonNull(s, what);
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must not contain NUL");
        }
        ByteBuffer bytes;
        try {
            bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid Unicode", e);
        }
        if (bytes.remaining() > maxBytes) {
            throw new IllegalArgumentException(what + " is " + bytes.remaining() + " UTF-8 bytes, limit " + maxBytes);
        }
        return bytes.remaining();
    }

    /** An absolute attribute path: starts with '/', at most MAX_PATH_BYTES of UTF-8, no NUL. */
    static void path(String path) {
        utf8("path", path, DeviceProtocol.MAX_PATH_BYTES);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must be absolute: " + path);
        }
    }

    static byte[] bytes(String what, byte[] value, int maxBytes) {
        Objects.requireNonNull(value, what);
        if (value.length > maxBytes) {
            throw new IllegalArgumentException(what + " is " + value.length + " bytes, limit " + maxBytes);
        }
        return value.clone();
    }
}
