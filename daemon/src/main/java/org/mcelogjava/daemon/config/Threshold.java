package org.mcelogjava.daemon.config;

import java.util.Optional;

/**
 * A leaky-bucket threshold as mcelog.conf writes it ({@code parse_rate} in leaky-bucket.c):
 * {@code <capacity>[k|m|g] / <time>[d|h|m]}, e.g. {@code 10 / 24h}, {@code 10k/1d}, {@code 1 / 1min}.
 *
 * <p>The rules are those of mcelog's two {@code sscanf} attempts, quirks included: white space is
 * optional anywhere; each suffix is one letter, case-insensitive, and anything after the time
 * unit is ignored ({@code 1min} is one minute); no time unit means seconds, and {@code s}, {@code w}
 * or any other letter is rejected; a capacity suffix requires a time unit ({@code 10k / 24} is
 * rejected); zero capacity or time is rejected.
 *
 * @param capacity   events that make the bucket overflow
 * @param ageSeconds the window in seconds
 * @param unit       the time unit as written, lower case: 'd', 'h', 'm', or 0 for seconds
 */
public record Threshold(long capacity, long ageSeconds, char unit) {

    private static final long U32_MAX = 0xffff_ffffL;

    public Threshold {
        if (capacity <= 0 || ageSeconds <= 0) {
            throw new IllegalArgumentException("threshold needs a positive capacity and time");
        }
    }

    /** Parses mcelog's syntax; empty when mcelog would call it unparseable. */
    public static Optional<Threshold> parse(String text) {
        // "%u %1s / %u %1s"
        Scan first = new Scan(text);
        long cap = first.unsigned();
        char cunit = first.nonSpace();
        boolean slash = cunit != 0 && first.literal('/');
        long time = slash ? first.unsigned() : -1;
        char tunit = time >= 0 ? first.nonSpace() : 0;
        int assigned = cap < 0 ? 0 : cunit == 0 ? 1 : time < 0 ? 2 : tunit == 0 ? 3 : 4;
        if (assigned == 3) {
            return Optional.empty();
        }
        if (assigned != 4) {
            // "%u / %u %1s"
            Scan second = new Scan(text);
            cap = second.unsigned();
            time = cap >= 0 && second.literal('/') ? second.unsigned() : -1;
            if (time < 0) {
                return Optional.empty();
            }
            cunit = 0;
            tunit = second.nonSpace();
        }
        if (cap == 0 || time == 0) {
            return Optional.empty();
        }
        long multiplier = switch (Character.toLowerCase(cunit)) {
            case 'g' -> 1_000_000_000L;
            case 'm' -> 1_000_000L;
            case 'k' -> 1_000L;
            case 0 -> 1L;
            default -> -1L;
        };
        long seconds = switch (Character.toLowerCase(tunit)) {
            case 'd' -> 86_400L;
            case 'h' -> 3_600L;
            case 'm' -> 60L;
            case 0 -> 1L;
            default -> -1L;
        };
        if (multiplier < 0 || seconds < 0) {
            return Optional.empty();
        }
        return Optional.of(new Threshold(cap * multiplier, time * seconds, Character.toLowerCase(tunit)));
    }

    /** The window as mcelog shows it in a bucket's text: {@code 24h}, {@code 1m}, {@code 30}. */
    public String windowText() {
        long per = switch (unit) {
            case 'd' -> 86_400L;
            case 'h' -> 3_600L;
            case 'm' -> 60L;
            default -> 1L;
        };
        // mcelog prints the unit with %c, a NUL byte for seconds; we print nothing there.
        return unit == 0 ? Long.toString(ageSeconds) : (ageSeconds / per) + String.valueOf(unit);
    }

    @Override
    public String toString() {
        return capacity + " / " + windowText();
    }

    /** The subset of sscanf used above: %u, %1s, white space, and a literal character. */
    private static final class Scan {
        private final String s;
        private int i;

        Scan(String s) {
            this.s = s;
        }

        private void spaces() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        /** {@code %u}: a decimal number (optional '+'), or -1 when there is none. */
        long unsigned() {
            spaces();
            if (i < s.length() && s.charAt(i) == '+') {
                i++;
            }
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 10) {
                return -1;
            }
            long v = Long.parseLong(s.substring(start, i));
            return v > U32_MAX ? -1 : v;
        }

        /** {@code %1s}: one non-space character, or 0 at the end. */
        char nonSpace() {
            spaces();
            return i < s.length() ? s.charAt(i++) : 0;
        }

        /** White space, then {@code c}. */
        boolean literal(char c) {
            spaces();
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }
    }
}
