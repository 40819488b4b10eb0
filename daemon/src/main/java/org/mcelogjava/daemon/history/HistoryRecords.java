package org.mcelogjava.daemon.history;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.DimmLocation;
import org.mcelogjava.daemon.decode.ErrorClass;
import org.mcelogjava.daemon.decode.RecordFacts;
import org.mcelogjava.daemon.policy.AccountingEvent;
import org.mcelogjava.daemon.policy.RecordAccounting;
import org.mcelogjava.protocol.mce.McaStatus;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.McgStatus;

/**
 * Turns a decoded record and its outcome into the rows rasdaemon would have stored for the same
 * error, in rasdaemon's value formats: the timestamp as {@code %Y-%m-%d %H:%M:%S %z} in local time,
 * registers as SQLite integers (their 64-bit patterns), the status words as rasdaemon's
 * {@code mcgstatus_msg}/{@code mcistatus_msg} (ras-mce-handler.c), a memory-controller error's
 * {@code error_msg} as rasdaemon's Intel decoder words it ({@code MEMORY CONTROLLER RD_CHANNEL0_ERR
 * Transaction: Memory read error}), and one {@code mc_event} per memory site with the layers an EDAC
 * driver gives (mc = socket, top = channel, middle = DIMM slot, lower = -1) and label, from the
 * record's {@link DimmLocation}s. Reads the record's facts and locations; works neither out again.
 */
public final class HistoryRecords {

    /** The mnemonic of MCACOD bits 6:4 of a memory-controller error (Intel SDM Vol. 3B, table 16-4). */
    private static final String[] MEMORY_TRANSACTION = {"GEN", "RD", "WR", "AC", "MS", "RSVD5", "RSVD6", "RSVD7"};
    /** Cache line: what an EDAC driver reports as the error's grain on these machines. */
    private static final long GRAIN = 64;

    /** rasdaemon's {@code mcgstatus_msg} for each combination of MCG_STATUS bits 3:0. */
    private static final String[] MCGSTATUS_MESSAGES = new String[16];
    /** rasdaemon's {@code mcistatus_msg} for each combination of OVER, UC, EN and PCC (in that order, bits 3:0). */
    private static final String[] MCISTATUS_MESSAGES = new String[16];

    static {
        for (int bits = 0; bits < 16; bits++) {
            MCGSTATUS_MESSAGES[bits] = mcgstatusMessage(bits);
            MCISTATUS_MESSAGES[bits] = mcistatusMessage(bits);
        }
    }

    private final DateTimeFormatter timestamps;
    /**
     * The last second formatted and its text: the records of a burst share their second. One immutable
     * pair, read and replaced whole, so a thread sees either pair and each is right.
     */
    private Timestamp last = new Timestamp(Long.MIN_VALUE, "");

    private record Timestamp(long time, String text) {
    }

    /** @param zone the zone timestamps are written in (rasdaemon uses the host's local time) */
    public HistoryRecords(ZoneId zone) {
        this.timestamps = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT).withZone(zone);
    }

    /** The rows of {@code decoded}, under the identity it carries. */
    public HistoryRecord of(DecodedMce decoded, RecordAccounting.Outcome outcome) {
        Mce m = decoded.mce();
        RecordFacts f = decoded.facts();
        String timestamp = timestamp(m.time());
        boolean uc = f.uncorrected();
        HistoryRecord.MceRow row = new HistoryRecord.MceRow(timestamp, m.mcgcap(), m.mcgstatus(), m.status(),
                m.addr(), m.misc(), m.ip(), m.tsc(), m.time(), decoded.cpu(), m.cpuid(), m.apicid(), m.socketid(),
                m.cs(), m.bank(), m.cpuvendor(), decoded.bankName(), errorMessage(m, f),
                MCGSTATUS_MESSAGES[(int) (m.mcgstatus() & 0xf)], MCISTATUS_MESSAGES[mcistatusBits(m.status())],
                f.severity().orElse(""), location(decoded), f.page(), uc);
        List<HistoryRecord.McEventRow> memory = new ArrayList<>(decoded.dimms().size());
        for (DimmLocation d : decoded.dimms()) {
            memory.add(new HistoryRecord.McEventRow(timestamp, 1, uc ? "Uncorrected" : "Corrected",
                    f.transaction().orElse("memory error").toLowerCase(Locale.ROOT),
                    d.label(), d.socket(), d.channel(), d.dimm(), -1,
                    (m.status() & McaStatus.ADDRV) != 0 ? m.addr() : 0, GRAIN, 0, "", m.time(), f.page()));
        }
        return new HistoryRecord(decoded.identity(), row, memory, offline(outcome, timestamp, m.time()),
                outcome.thresholds());
    }

    /** {@code time} as rasdaemon writes it, in the zone given. */
    private String timestamp(long time) {
        Timestamp t = last;
        if (t.time() != time) {
            t = new Timestamp(time, timestamps.format(Instant.ofEpochSecond(time)));
            last = t;
        }
        return t.text();
    }

    /** OVER, UC, EN and PCC of {@code status} as bits 3:0, the index of {@link #MCISTATUS_MESSAGES}. */
    private static int mcistatusBits(long status) {
        return ((status & McaStatus.OVER) != 0 ? 8 : 0) | ((status & McaStatus.UC) != 0 ? 4 : 0)
                | ((status & McaStatus.EN) != 0 ? 2 : 0) | ((status & McaStatus.PCC) != 0 ? 1 : 0);
    }

    /**
     * The page the policies offlined for this record (their {@link AccountingEvent.OfflinePage}
     * decision), failed when the executor's report for it says so. rasdaemon's page types are the
     * kernel's {@code action_page_types}; the daemon offlines through sysfs and does not learn the type.
     */
    private static Optional<HistoryRecord.PageOfflineRow> offline(RecordAccounting.Outcome outcome, String timestamp,
                                                                  long time) {
        AccountingEvent.OfflinePage page = null;
        boolean failed = false;
        for (AccountingEvent e : outcome.events()) {
            if (e instanceof AccountingEvent.OfflinePage o) {
                page = o;
            } else if (e instanceof AccountingEvent.ActionReport r && page != null
                    && r.line().startsWith(page.line() + " failed")) {
                failed = true;
            }
        }
        if (page == null) {
            return Optional.empty();
        }
        long pfn = page.address() >>> 12;
        return Optional.of(new HistoryRecord.PageOfflineRow(timestamp, "0x" + Long.toHexString(pfn), "unknown page",
                failed ? "Failed" : "Recovered", time));
    }

    private static String errorMessage(Mce m, RecordFacts f) {
        int mca = (int) (m.status() & 0xffff) & ~(1 << 12);
        if (f.errorClass() == ErrorClass.MEMORY) {
            int channel = mca & 0xf;
            return "MEMORY CONTROLLER " + MEMORY_TRANSACTION[(mca >>> 4) & 7] + "_CHANNEL"
                    + (channel == 0xf ? "unspecified" : Integer.toString(channel)) + "_ERR"
                    + f.transaction().map(t -> " Transaction: " + t).orElse("");
        }
        StringBuilder s = new StringBuilder(switch (f.errorClass()) {
            case CACHE -> "CACHE";
            case BUS -> "BUS";
            case INTERCONNECT -> "BUS (IO)";
            default -> "Unclassified";
        });
        f.level().ifPresent(l -> s.append(' ').append(l));
        f.transaction().ifPresent(t -> s.append(' ').append(t));
        return s.append(" Error").toString();
    }

    /** The words of MCG_STATUS bits 3:0 ({@code bits}). */
    private static String mcgstatusMessage(int mcgstatus) {
        StringBuilder s = new StringBuilder();
        word(s, (mcgstatus & McgStatus.RIPV) != 0, "RIPV");
        word(s, (mcgstatus & 2) != 0, "EIPV");
        word(s, (mcgstatus & 4) != 0, "MCIP");
        word(s, (mcgstatus & 8) != 0, "LMCE");
        return s.toString();
    }

    /** The words of OVER, UC, EN and PCC as {@link #mcistatusBits} gives them ({@code bits} 3:0). */
    private static String mcistatusMessage(int bits) {
        StringBuilder s = new StringBuilder();
        word(s, (bits & 8) != 0, "Error_overflow");
        word(s, (bits & 4) != 0, "Uncorrected_error");
        word(s, (bits & 4) == 0, "Corrected_error");
        word(s, (bits & 2) != 0, "Error_enabled");
        word(s, (bits & 1) != 0, "Processor_context_corrupt");
        return s.toString();
    }

    private static void word(StringBuilder s, boolean set, String word) {
        if (set) {
            s.append(s.isEmpty() ? "" : " ").append(word);
        }
    }

    /**
     * Where the error is, in mcelog's words ({@code SOCKET:0 CHANNEL:1 DIMM:any}), at the first site's
     * {@link DimmLocation}; empty for a non-memory error.
     */
    private static String location(DecodedMce decoded) {
        return decoded.firstDimm().map(d -> "SOCKET:" + d.socket() + " CHANNEL:" + (d.channel() == -1 ? "?" : d.channel())
                + " DIMM:" + (d.dimm() == -1 ? "any" : d.dimm())).orElse("");
    }
}
