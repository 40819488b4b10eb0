package org.mcelogjava.protocol.stream;

/**
 * Builds one line of JSON (RFC 8259) by appending members in order: enough for the stream's flat
 * objects, with the escaping the RFC requires and nothing else. Not thread-safe; reusable after
 * {@link #reset()}. {@link #quote(StringBuilder, String)} is the escaping alone, for other JSON the
 * project writes ({@code mcelog summary --json}).
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(1024);
    private boolean first = true;

    JsonText begin() {
        out.append('{');
        first = true;
        return this;
    }

    String end() {
        out.append('}');
        return out.toString();
    }

    void reset() {
        out.setLength(0);
    }

    JsonText string(String name, String value) {
        key(name);
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    JsonText number(String name, long value) {
        key(name);
        out.append(value);
        return this;
    }

    /** A number, or null when absent (negative means absent). */
    JsonText numberOrNull(String name, long value) {
        key(name);
        if (value < 0) {
            out.append("null");
        } else {
            out.append(value);
        }
        return this;
    }

    JsonText bool(String name, boolean value) {
        key(name);
        out.append(value);
        return this;
    }

    /** An unsigned 64-bit register as a hex string, e.g. "0x9c00004000010091". */
    JsonText hex(String name, long value) {
        key(name);
        out.append("\"0x").append(Long.toHexString(value)).append('"');
        return this;
    }

    JsonText strings(String name, Iterable<String> values) {
        key(name);
        out.append('[');
        boolean firstItem = true;
        for (String v : values) {
            if (!firstItem) {
                out.append(',');
            }
            quote(v);
            firstItem = false;
        }
        out.append(']');
        return this;
    }

    private void key(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        quote(name);
        out.append(':');
    }

    private void quote(String s) {
        quote(out, s);
    }

    /** Appends {@code s} as a JSON string: quoted, with the escaping RFC 8259 requires. */
    public static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
