package org.mcelogjava.daemon.report;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code --since} durations of {@code summary} and {@code report}: {@code Ns}, {@code Nm}, {@code Nh} or {@code Nd}. */
final class Durations {

    /** The window when {@code --since} is not given. */
    static final long DEFAULT_SECONDS = 24 * 3600;

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");

    private Durations() {
    }

    /** The duration in seconds; empty when {@code text} is not a positive duration. */
    static OptionalLong seconds(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            default -> 86400;
        });
    }
}
