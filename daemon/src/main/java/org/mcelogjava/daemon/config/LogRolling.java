package org.mcelogjava.daemon.config;

import java.util.Optional;

/**
 * Log4j2's own rolling of the record log, the option beside logrotate: roll once the file has
 * grown past {@code maxBytes}, or at the first record of each new hour or day, keeping the newest
 * {@code keep} rolled files. A record is never split between two files: the roll happens before
 * the record that triggers it is written, so a file holds at most {@code maxBytes} plus one record.
 *
 * <p>Rolled names: by size alone {@code LOG.1} (newest) … {@code LOG.keep}, as logrotate names
 * them; with a period {@code LOG-20261125} (daily) or {@code LOG-2026112514} (hourly), with
 * {@code .1}, {@code .2} … added when a size limit also rolls within the period.
 *
 * @param maxBytes roll before the next record once the file is larger than this; 0: no size limit
 * @param period   roll at the start of each period; empty: no time rolling
 * @param keep     rolled files kept, 1..1000
 */
public record LogRolling(long maxBytes, Optional<Period> period, int keep) {

    /** No rolling by the daemon (logrotate's business), and the default number of rolled files kept. */
    public static final LogRolling NONE = new LogRolling(0, Optional.empty(), 7);

    /** A time period and the date pattern of its rolled files. */
    public enum Period {
        HOURLY("yyyyMMddHH"), DAILY("yyyyMMdd");

        private final String datePattern;

        Period(String datePattern) {
            this.datePattern = datePattern;
        }

        public String datePattern() {
            return datePattern;
        }
    }

    public LogRolling {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        if (keep < 1 || keep > 1000) {
            throw new IllegalArgumentException("keep must be 1..1000: " + keep);
        }
    }

    /** Whether the daemon rolls the log at all. */
    public boolean enabled() {
        return maxBytes > 0 || period.isPresent();
    }
}
