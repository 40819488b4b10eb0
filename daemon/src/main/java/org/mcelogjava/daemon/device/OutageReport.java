package org.mcelogjava.daemon.device;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * How a daemon reports a device it cannot reach, at a falling rate: one line when the outage
 * begins, "still waiting" lines 1 minute and 10 minutes into it and then every hour, and one line
 * when it ends. A service that waits hours for a simulator that never comes says so, and says how
 * long, without filling its log with a line per retry. (mcelog itself has no such state: it exits
 * when /dev/mcelog cannot be opened.)
 */
public final class OutageReport {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    private final String device;
    private final LongSupplier clockMillis;
    private final Consumer<String> log;
    private long since = -1;
    private long nextReport;

    /**
     * @param device      what is waited for, as the lines name it
     * @param clockMillis a monotonic clock in milliseconds
     * @param log         where the lines go
     */
    public OutageReport(String device, LongSupplier clockMillis, Consumer<String> log) {
        this.device = device;
        this.clockMillis = clockMillis;
        this.log = log;
    }

    /**
     * An attempt failed for {@code reason}: the first of an outage logs {@code firstLine}; later ones
     * log "still waiting for DEVICE after N: REASON" when the schedule says.
     */
    public void failed(String firstLine, String reason) {
        long now = clockMillis.getAsLong();
        if (since < 0) {
            since = now;
            nextReport = now + MINUTE;
            log.accept(firstLine);
        } else if (now >= nextReport) {
            long elapsed = now - since;
            log.accept("still waiting for " + device + " after " + duration(elapsed) + ": " + reason);
            nextReport = since + (elapsed < 10 * MINUTE ? 10 * MINUTE : (elapsed / HOUR + 1) * HOUR);
        }
    }

    /** Whether an outage is in progress. */
    public boolean ongoing() {
        return since >= 0;
    }

    /**
     * The device is back: if an outage was in progress, logs {@code line} and how long it lasted
     * when {@code withDuration}; the next failure begins a new outage.
     */
    public void ended(String line, boolean withDuration) {
        if (since < 0) {
            return;
        }
        log.accept(withDuration ? line + " after " + duration(clockMillis.getAsLong() - since) : line);
        since = -1;
    }

    /** "45 s", "1 min", "1 h 30 min". */
    static String duration(long millis) {
        long s = millis / 1000;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min";
        }
        return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }
}
