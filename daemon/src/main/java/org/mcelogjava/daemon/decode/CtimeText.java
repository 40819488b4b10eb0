package org.mcelogjava.daemon.decode;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * C's {@code ctime(3)} text for a {@code time_t}: {@code "Www Mmm dd hh:mm:ss yyyy\n"} in a time
 * zone (mcelog prints the local zone, so the zone is a parameter). Where glibc cannot represent
 * the year, {@code ctime} returns NULL and mcelog's printf shows {@code (null)} without a newline.
 */
public final class CtimeText {

    private static final String[] DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };
    private static final long SECONDS_PER_DAY = 86_400;

    private final ZoneRules rules;
    /** The zone's offset when it never changes (UTC and the like), which spares a rules lookup. */
    private final int fixedOffset;

    public CtimeText(ZoneId zone) {
        this.rules = zone.getRules();
        this.fixedOffset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : Integer.MIN_VALUE;
    }

    /** Appends the ctime text of {@code time} (a signed {@code time_t}). */
    public void append(long time, TextBuffer out) {
        long local;
        try {
            local = Math.addExact(time, fixedOffset != Integer.MIN_VALUE ? fixedOffset : offset(time));
        } catch (ArithmeticException e) {
            out.append("(null)");
            return;
        }
        long days = Math.floorDiv(local, SECONDS_PER_DAY);
        long secs = Math.floorMod(local, SECONDS_PER_DAY);
        // civil date from days since 1970-01-01 (proleptic Gregorian)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year - 1900 > Integer.MAX_VALUE || year - 1900 < Integer.MIN_VALUE) {
            out.append("(null)");
            return;
        }
        out.append(DAYS[Math.floorMod(days + 4, 7)]).append(' ').append(MONTHS[month - 1]);
        if (day < 10) {
            out.append(' ');
        }
        out.append(' ').append(day).append(' ');
        two(secs / 3600, out);
        out.append(':');
        two(secs / 60 % 60, out);
        out.append(':');
        two(secs % 60, out);
        out.append(' ').append(year).append('\n');
    }

    private int offset(long time) {
        Instant at = time < Instant.MIN.getEpochSecond() ? Instant.MIN
                : time > Instant.MAX.getEpochSecond() ? Instant.MAX : Instant.ofEpochSecond(time);
        return rules.getOffset(at).getTotalSeconds();
    }

    private static void two(long v, TextBuffer out) {
        if (v < 10) {
            out.append('0');
        }
        out.append(v);
    }
}
