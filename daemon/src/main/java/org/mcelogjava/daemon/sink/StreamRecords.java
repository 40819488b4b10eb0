package org.mcelogjava.daemon.sink;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.DimmLocation;
import org.mcelogjava.daemon.decode.RecordFacts;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.stream.StreamRecord;

/**
 * Builds the stream's view of each logged record: numbers it in log order and copies what the
 * decoder worked out ({@link RecordFacts}, and the first memory site's {@link DimmLocation}) and what
 * the policies did (their threshold messages and actions, as logged); it works nothing out itself
 * but the SDM class name of the status. Not thread-safe: one per record path.
 */
public final class StreamRecords {

    private long seq;

    /** The next record; {@code seq} counts from 1. */
    public StreamRecord next(DecodedMce decoded, String text, List<String> thresholds, List<String> actions) {
        Mce m = decoded.mce();
        RecordFacts f = decoded.facts();
        Optional<DimmLocation> dimm = decoded.firstDimm();
        return new StreamRecord(++seq, m, decoded.cpuType().displayName(), decoded.bankName(),
                m.statusView().serClass(m.mcgCapView().serP()).name().toLowerCase(Locale.ROOT),
                f.severity().orElse(null), f.transaction().orElse(null), f.level().orElse(null),
                f.socket(), f.channel(), dimm.map(DimmLocation::dimm).orElse(-1),
                dimm.map(DimmLocation::label).orElse(null), f.page(), thresholds, actions, text);
    }
}
