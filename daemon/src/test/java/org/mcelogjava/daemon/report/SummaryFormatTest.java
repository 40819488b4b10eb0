package org.mcelogjava.daemon.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.history.HistorySummary;

/** {@code mcelog summary --json}: the document, channels summed from their DIMMs, text from the history escaped. */
class SummaryFormatTest {

    @Test
    void jsonSumsChannelsAndEscapesTheHistorysText() {
        HistorySummary s = new HistorySummary(100, 200,
                List.of(new HistorySummary.SocketCount(0, 3, 1, 5)),
                List.of(new HistorySummary.DimmCount(0, 1, 0, "CPU0 \"A1\"\t\\x", 2, 0, 4),
                        new HistorySummary.DimmCount(0, 1, 1, "CPU0_B1", 1, 1, 0)),
                List.of(new HistorySummary.PageCount(0x12345, 2)),
                List.of(new HistorySummary.Offline(150, "0x12345", "Recovered")),
                List.of(new HistorySummary.Threshold(160, "line\nwith\u0001control")));

        assertEquals("{\"since\":100,\"until\":200,"
                + "\"sockets\":[{\"socket\":0,\"corrected\":3,\"uncorrected\":1,\"previous\":5,\"trend\":\"down\"}],"
                + "\"channels\":[{\"socket\":0,\"channel\":1,\"corrected\":3,\"uncorrected\":1,\"previous\":4,"
                + "\"trend\":\"same\"}],"
                + "\"dimms\":[{\"socket\":0,\"channel\":1,\"dimm\":0,\"label\":\"CPU0 \\\"A1\\\"\\t\\\\x\","
                + "\"corrected\":2,\"uncorrected\":0,\"previous\":4,\"trend\":\"down\"},"
                + "{\"socket\":0,\"channel\":1,\"dimm\":1,\"label\":\"CPU0_B1\",\"corrected\":1,\"uncorrected\":1,"
                + "\"previous\":0,\"trend\":\"up\"}],"
                + "\"pages\":[{\"page\":\"0x12345\",\"errors\":2}],"
                + "\"offlined\":[{\"time\":150,\"pfn\":\"0x12345\",\"result\":\"Recovered\"}],"
                + "\"thresholds\":[{\"time\":160,\"message\":\"line\\nwith\\u0001control\"}]}\n",
                SummaryFormat.json(s));
    }
}
