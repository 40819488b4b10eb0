package org.mcelogjava.daemon.sink;

import java.util.List;
import java.util.Locale;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.protocol.mce.McaErrorCode;
import org.mcelogjava.protocol.mce.McaStatus;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceField;
import org.mcelogjava.protocol.stream.StreamRecord;

/**
 * Builds the stream's view of each logged record from its decoding: numbers it in log order and
 * derives what the registers say by themselves (SDM class; socket when the kernel reported one;
 * the page of a memory-controller error with a valid address). Not thread-safe: one per record path.
 */
public final class StreamRecords {

    private long seq;

    /** The next record; {@code seq} counts from 1. */
    public StreamRecord next(DecodedMce decoded, String text, List<String> thresholds, List<String> actions) {
        Mce m = decoded.mce();
        McaStatus status = m.statusView();
        long socket = decoded.carriesBeyond(MceField.SOCKETID.offset()) ? m.socketid() : -1;
        boolean memory = status.errorCode() instanceof McaErrorCode.MemoryController;
        long page = memory && status.addrv() ? m.addr() & ~0xfffL : -1;
        return new StreamRecord(++seq, m, decoded.cpuType().displayName(), decoded.bankName(),
                status.serClass(m.mcgCapView().serP()).name().toLowerCase(Locale.ROOT), null, null, null,
                socket, -1, -1, page, thresholds, actions, text);
    }
}
