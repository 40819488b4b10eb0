package org.mcelogjava.daemon.history;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Memory errors per DIMM over the last 24 hours, read from the history when asked (a Prometheus
 * scrape), so the figure survives a restart of the daemon as the history does. Counted as
 * {@link TimeCounts} counts: the whole hours from the counts per hour, the ragged first hour from
 * the rows, so a scrape costs the same whatever the history's size.
 * Records stamped later than now (a machine whose clock runs ahead) count as recent.
 *
 * <p>A history that cannot be read gives no counts; the error channel says so once per distinct
 * reason, and again when it can be read after a failure.
 */
public final class RecentDimmErrors {

    /** The window: the last 24 hours, as mcelog's {@code in 24h} thresholds count. */
    public static final long WINDOW_SECONDS = 24 * 60 * 60;

    /** Errors of one DIMM in the window; {@code dimm} -1 when the records did not say which DIMM of the channel. */
    public record Count(long socket, int channel, int dimm, String label, long corrected, long uncorrected) {
    }

    private final Path database;
    private final LongSupplier wallClock;
    private final Consumer<String> errors;
    private String lastFailure;

    /**
     * @param wallClock seconds since the epoch: the window ends now
     * @param errors    the daemon's error channel
     */
    public RecentDimmErrors(Path database, LongSupplier wallClock, Consumer<String> errors) {
        this.database = database;
        this.wallClock = wallClock;
        this.errors = errors;
    }

    /** The counts now; none when the history cannot be read (reported on the error channel). */
    public synchronized List<Count> counts() {
        try {
            List<Count> counts = read(database, wallClock.getAsLong() - WINDOW_SECONDS);
            if (lastFailure != null) {
                errors.accept("history " + database + ": readable again for the 24-hour metrics");
                lastFailure = null;
            }
            return counts;
        } catch (SQLException e) {
            if (!Objects.equals(e.getMessage(), lastFailure)) {
                errors.accept(e.getMessage() + "; the 24-hour metrics are left out until it can be read");
                lastFailure = e.getMessage();
            }
            return List.of();
        }
    }

    /**
     * The memory errors per DIMM of the records stamped at {@code since} or later.
     *
     * @throws SQLException naming the file and the reason (also when it does not exist yet)
     */
    public static List<Count> read(Path database, long since) throws SQLException {
        return HistoryDatabase.read(database, c -> {
            List<Count> counts = new ArrayList<>();
            TimeCounts.memory(c, since, Long.MAX_VALUE).forEach((d, n) ->
                    counts.add(new Count(d.socket(), d.channel(), d.dimm(), d.label(), n[0], n[1])));
            return counts;
        });
    }
}
