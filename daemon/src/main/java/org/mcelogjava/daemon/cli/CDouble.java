package org.mcelogjava.daemon.cli;

import java.util.OptionalDouble;

/** C's {@code sscanf("%lf")} for an option value: the longest decimal floating-point prefix after blanks. */
final class CDouble {

    private CDouble() {
    }

    static OptionalDouble parse(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && Character.isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return OptionalDouble.empty();
        }
        int mantissaEnd = i;
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
                j++;
            }
            int expStart = j;
            while (j < n && Character.isDigit(text.charAt(j))) {
                j++;
            }
            if (j > expStart) {
                mantissaEnd = j;
            }
        }
        return OptionalDouble.of(Double.parseDouble(text.substring(start, mantissaEnd)));
    }
}
