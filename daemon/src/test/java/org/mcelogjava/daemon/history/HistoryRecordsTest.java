package org.mcelogjava.daemon.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.decode.CpuDecoders;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.CpuTypeTracker;
import org.mcelogjava.daemon.decode.DimmMap;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.daemon.policy.RecordAccounting;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceLayout;

/** rasdaemon's value formats in the rows of a record: its timestamp and its status words. */
class HistoryRecordsTest {

    private static final MceDecoder DECODER = new MceDecoder(new CpuTypeTracker(CpuType.SKYLAKE_XEON, true,
            line -> { }), new CpuDecoders(), true, new DimmMap(List.of()));

    private static HistoryRecord.MceRow row(HistoryRecords rows, long time, long mcgstatus, long status) {
        Mce m = Mce.builder().status(status).mcgstatus(mcgstatus).bank(1).cpuid(0x50654).time(time).finished(1).build();
        return rows.of(DECODER.decode(m, MceLayout.SIZE), RecordAccounting.Outcome.NOTHING).mce();
    }

    @Test
    void timestampsFollowEachRecordsSecondInTheZoneGiven() {
        HistoryRecords rows = new HistoryRecords(ZoneId.of("Europe/Berlin"));
        long t = 1_700_000_000L; // 2023-11-14 22:13:20 UTC
        List<String> stamps = List.of(t, t, t + 1, t, t + 86_400 * 200L).stream()
                .map(time -> row(rows, time, 0, 0x9c00000000000134L).timestamp()).toList();
        assertEquals(List.of("2023-11-14 23:13:20 +0100", "2023-11-14 23:13:20 +0100", "2023-11-14 23:13:21 +0100",
                "2023-11-14 23:13:20 +0100", "2024-06-02 00:13:20 +0200"), stamps);
    }

    @Test
    void statusWordsAreRasdaemonsForEachBit() {
        HistoryRecords rows = new HistoryRecords(ZoneId.of("UTC"));
        long over = 1L << 62;
        long uc = 1L << 61;
        long en = 1L << 60;
        long pcc = 1L << 57;
        long valid = 1L << 63;
        assertEquals("Corrected_error", row(rows, 1, 0, valid | 0x134).mcistatusMsg());
        assertEquals("Corrected_error Error_enabled", row(rows, 1, 0, valid | en | 0x134).mcistatusMsg());
        assertEquals("Error_overflow Uncorrected_error Error_enabled Processor_context_corrupt",
                row(rows, 1, 0, valid | over | uc | en | pcc | 0x134).mcistatusMsg());
        assertEquals("Error_overflow Corrected_error", row(rows, 1, 0, valid | over | 0x134).mcistatusMsg());
        assertEquals("", row(rows, 1, 0, valid | 0x134).mcgstatusMsg());
        assertEquals("RIPV MCIP", row(rows, 1, 0x5, valid | 0x134).mcgstatusMsg());
        assertEquals("RIPV EIPV MCIP LMCE", row(rows, 1, 0xf, valid | 0x134).mcgstatusMsg());
        assertEquals("EIPV", row(rows, 1, 0x12, valid | 0x134).mcgstatusMsg(), "bits above LMCE have no word");
    }
}
