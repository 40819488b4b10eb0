package org.mcelogjava.daemon.policy;

import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.daemon.decode.MemorySite;

/**
 * The memory object an error is accounted to: a DIMM (socket, channel, DIMM) or, with channel and
 * DIMM -1, a socket. Made from the record's {@link MemorySite}s, with the one thing the record
 * cannot know: whether a failing rank 6 or 7 is DIMM 2, which depends on the DIMMs the accounting
 * knows ({@code failrank2dimm} with {@code get_memdimm(..., 0)} in mcelog's sandy-bridge.c).
 *
 * @param socket  the record's socket id
 * @param channel the channel, -1 when unknown
 * @param dimm    the DIMM, -1 when unknown
 */
public record MemoryErrorSite(long socket, int channel, int dimm) {

    /** Whether the accounting already has an object for a DIMM ({@code get_memdimm(..., 0)}). */
    @FunctionalInterface
    public interface DimmPresence {
        boolean known(long socket, int channel, int dimm);
    }

    /** The accounting objects of a record's sites, in the record's order. */
    public static List<MemoryErrorSite> resolve(List<MemorySite> sites, DimmPresence present) {
        List<MemoryErrorSite> out = new ArrayList<>(sites.size());
        for (MemorySite s : sites) {
            boolean third = s.maybeThirdDimm() && present.known(s.socket(), s.channel(), 2);
            out.add(new MemoryErrorSite(s.socket(), s.channel(), third ? 2 : s.dimm()));
        }
        return List.copyOf(out);
    }

    /** The socket-wide object of this site's socket. */
    public MemoryErrorSite socketWide() {
        return new MemoryErrorSite(socket, -1, -1);
    }
}
