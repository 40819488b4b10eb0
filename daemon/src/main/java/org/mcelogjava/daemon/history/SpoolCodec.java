package org.mcelogjava.daemon.history;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mcelogjava.daemon.decode.RecordIdentity;

/**
 * A {@link HistoryRecord} as bytes in the history's spool, and back: its identity first, then the
 * values of its rows in their declared order; strings as a length (-1 for null) and UTF-8 bytes,
 * numbers big-endian. Only this daemon reads it back, and only what it wrote: the spool is emptied
 * whenever the writer has stored everything in it.
 */
final class SpoolCodec {

    private SpoolCodec() {
    }

    /** Appends the bytes of {@code r} to {@code out}. */
    static void encode(HistoryRecord r, ByteArrayOutputStream out) {
        DataOutputStream d = new DataOutputStream(out);
        try {
            string(d, r.identity().bootId());
            d.writeLong(r.identity().sequence());
            HistoryRecord.MceRow m = r.mce();
            string(d, m.timestamp());
            for (long v : new long[] {m.mcgcap(), m.mcgstatus(), m.status(), m.addr(), m.misc(), m.ip(), m.tsc(),
                    m.walltime(), m.cpu(), m.cpuid(), m.apicid(), m.socketid()}) {
                d.writeLong(v);
            }
            d.writeInt(m.cs());
            d.writeInt(m.bank());
            d.writeInt(m.cpuvendor());
            for (String s : new String[] {m.bankName(), m.errorMsg(), m.mcgstatusMsg(), m.mcistatusMsg(),
                    m.userAction(), m.mcLocation()}) {
                string(d, s);
            }
            d.writeLong(m.page());
            d.writeBoolean(m.uncorrected());
            d.writeInt(r.memory().size());
            for (HistoryRecord.McEventRow e : r.memory()) {
                string(d, e.timestamp());
                d.writeInt(e.errCount());
                string(d, e.errType());
                string(d, e.errMsg());
                string(d, e.label());
                d.writeLong(e.mc());
                d.writeInt(e.topLayer());
                d.writeInt(e.middleLayer());
                d.writeInt(e.lowerLayer());
                d.writeLong(e.address());
                d.writeLong(e.grain());
                d.writeLong(e.syndrome());
                string(d, e.driverDetail());
                d.writeLong(e.walltime());
                d.writeLong(e.page());
            }
            d.writeBoolean(r.offline().isPresent());
            if (r.offline().isPresent()) {
                HistoryRecord.PageOfflineRow p = r.offline().get();
                string(d, p.timestamp());
                string(d, p.pfn());
                string(d, p.pageType());
                string(d, p.actionResult());
                d.writeLong(p.walltime());
            }
            d.writeInt(r.thresholds().size());
            for (String t : r.thresholds()) {
                string(d, t);
            }
            d.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    /** The record whose bytes start at {@code b}'s position; moves the position past them. */
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
        int count = b.getInt();
        List<String> thresholds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            thresholds.add(string(b));
        }
        return new HistoryRecord(identity, m, memory, offline, thresholds);
    }

    /** The identity of the record whose bytes start at {@code b}'s position; moves the position past it. */
    static RecordIdentity identity(ByteBuffer b) {
        String boot = string(b);
        long sequence = b.getLong();
        return boot.isEmpty() ? RecordIdentity.NONE : new RecordIdentity(boot, sequence);
    }

    private static void string(DataOutputStream d, String s) throws IOException {
        if (s == null) {
            d.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        d.writeInt(bytes.length);
        d.write(bytes);
    }

    private static String string(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0) {
            return null;
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
    }
}
