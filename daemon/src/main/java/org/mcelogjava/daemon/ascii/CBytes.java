package org.mcelogjava.daemon.ascii;

/** The C string functions mcelog's parser relies on, over a byte range of a line. */
final class CBytes {

    private CBytes() {
    }

    /** Position of the first non-blank ({@code isspace}) byte at or after {@code s}. */
    static int skipSpace(byte[] line, int s, int end) {
        while (s < end && ScanFormat.isSpace(line[s])) {
            s++;
        }
        return s;
    }

    /** C {@code strncmp(line + s, prefix, strlen(prefix)) == 0}. */
    static boolean startsWith(byte[] line, int s, int end, String prefix) {
        int n = prefix.length();
        if (end - s < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (line[s + i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** C {@code strstr}: position of {@code text} in {@code line[s..end)}, or -1. */
    static int indexOf(byte[] line, int s, int end, String text) {
        byte first = (byte) text.charAt(0);
        int last = end - text.length();
        for (int i = s; i <= last; i++) {
            if (line[i] == first && startsWith(line, i, end, text)) {
                return i;
            }
        }
        return -1;
    }
}
