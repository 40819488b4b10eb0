package org.mcelogjava.daemon.history;

import static org.mcelogjava.daemon.bytes.RecordBytes.string;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mcelogjava.daemon.bytes.RecordBytes;
import org.mcelogjava.daemon.decode.RecordIdentity;

/**
 * A {@link HistoryRecord} as bytes in the history's spool, and back ({@link RecordBytes}' forms): its
 * identity first, then the values of its rows in their declared order. Only this daemon reads it
 * back, and only what it wrote: the spool is emptied whenever the writer has stored everything in it.
 */
final class SpoolCodec {

    private SpoolCodec() {
    }

    /** Writes the bytes of {@code r} to {@code out}. */
    static void encode(HistoryRecord r, RecordBytes out) {
        out.putString(r.identity().bootId()).putLong(r.identity().sequence());
        HistoryRecord.MceRow m = r.mce();
        out.putString(m.timestamp()).putLong(m.mcgcap()).putLong(m.mcgstatus()).putLong(m.status()).putLong(m.addr())
                .putLong(m.misc()).putLong(m.ip()).putLong(m.tsc()).putLong(m.walltime()).putLong(m.cpu())
                .putLong(m.cpuid()).putLong(m.apicid()).putLong(m.socketid()).putInt(m.cs()).putInt(m.bank())
                .putInt(m.cpuvendor()).putString(m.bankName()).putString(m.errorMsg()).putString(m.mcgstatusMsg())
                .putString(m.mcistatusMsg()).putString(m.userAction()).putString(m.mcLocation()).putLong(m.page())
                .putBoolean(m.uncorrected());
        out.putInt(r.memory().size());
        for (HistoryRecord.McEventRow e : r.memory()) {
            out.putString(e.timestamp()).putInt(e.errCount()).putString(e.errType()).putString(e.errMsg())
                    .putString(e.label()).putLong(e.mc()).putInt(e.topLayer()).putInt(e.middleLayer())
                    .putInt(e.lowerLayer()).putLong(e.address()).putLong(e.grain()).putLong(e.syndrome())
                    .putString(e.driverDetail()).putLong(e.walltime()).putLong(e.page());
        }
        out.putBoolean(r.offline().isPresent());
        r.offline().ifPresent(p -> out.putString(p.timestamp()).putString(p.pfn()).putString(p.pageType())
                .putString(p.actionResult()).putLong(p.walltime()));
        out.putStrings(r.thresholds());
    }

    /** The record whose bytes start at {@code b}'s position (a little-endian buffer); moves the position past them. */
    static HistoryRecord decode(ByteBuffer b) {
        RecordIdentity identity = identity(b);
        HistoryRecord.MceRow m = new HistoryRecord.MceRow(string(b), b.getLong(), b.getLong(), b.getLong(),
                b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(),
                b.getLong(), b.getInt(), b.getInt(), b.getInt(), string(b), string(b), string(b), string(b), string(b),
                string(b), b.getLong(), b.get() != 0);
        int events = b.getInt();
        List<HistoryRecord.McEventRow> memory = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            memory.add(new HistoryRecord.McEventRow(string(b), b.getInt(), string(b), string(b), string(b),
                    b.getLong(), b.getInt(), b.getInt(), b.getInt(), b.getLong(), b.getLong(), b.getLong(), string(b),
                    b.getLong(), b.getLong()));
        }
        Optional<HistoryRecord.PageOfflineRow> offline = b.get() != 0
                ? Optional.of(new HistoryRecord.PageOfflineRow(string(b), string(b), string(b), string(b), b.getLong()))
                : Optional.empty();
        return new HistoryRecord(identity, m, memory, offline, RecordBytes.strings(b));
    }

    /** The identity of the record whose bytes start at {@code b}'s position; moves the position past it. */
    static RecordIdentity identity(ByteBuffer b) {
        String boot = string(b);
        long sequence = b.getLong();
        return boot.isEmpty() ? RecordIdentity.NONE : new RecordIdentity(boot, sequence);
    }
}
