package org.mcelogjava.protocol.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.mce.Mce;

class StreamJsonTest {

    private static final Mce MCE = Mce.builder().status(0x9c00004000010091L).misc(0x6002aL).addr(0x12345678L)
            .time(1700000000L).cpuid(0x106a5).bank(8).extcpu(3).socketid(0).apicid(3).mcgcap(0x1c09).tsc(0x1000).finished(1)
            .build();

    @Test
    void aRecordIsOneLineWithItsMembersInOrder() {
        StreamRecord r = new StreamRecord(7, MCE, "Nehalem", "BANK 8", "corrected", null, "Memory read error", null,
                0, 1, 2, "CPU0_DIMM_B3", 0x12345000L, List.of("corrected DIMM memory error count exceeded threshold: 2 in 24h"),
                List.of("trigger dimm-error-trigger"), "Hardware event.\nMCE 0\n");
        String json = new StreamJson().record(r);
        assertEquals("{\"type\":\"record\",\"schema\":1,\"seq\":7,\"time\":1700000000,\"cpu\":3,\"socket\":0,\"bank\":8,"
                + "\"bank_name\":\"BANK 8\",\"cpu_type\":\"Nehalem\",\"class\":\"corrected\",\"uncorrected\":false,"
                + "\"severity\":null,\"transaction\":\"Memory read error\",\"level\":null,\"channel\":1,\"dimm\":2,"
                + "\"dimm_label\":\"CPU0_DIMM_B3\",\"page\":\"0x12345000\",\"thresholds\":[\"corrected DIMM memory error count exceeded threshold: 2 in 24h\"],"
                + "\"actions\":[\"trigger dimm-error-trigger\"],\"status\":\"0x9c00004000010091\",\"misc\":\"0x6002a\","
                + "\"addr\":\"0x12345678\",\"mcgstatus\":\"0x0\",\"mcgcap\":\"0x1c09\",\"ip\":\"0x0\",\"cs\":0,"
                + "\"tsc\":\"0x1000\",\"cpuid\":\"0x106a5\",\"cpuvendor\":0,\"apicid\":3,\"socketid\":0,\"ppin\":\"0x0\","
                + "\"microcode\":\"0x0\",\"synd\":\"0x0\",\"ipid\":\"0x0\",\"text\":\"Hardware event.\\nMCE 0\\n\"}", json);
        assertTrue(!json.contains("\n"), "one line");
    }

    @Test
    void unknownValuesAreNullAndRegistersAreUnsigned() {
        Mce m = MCE.toBuilder().status(-1L).build();
        StreamRecord r = new StreamRecord(1, m, "generic", "BANK 8", "fatal", "MCE_PANIC_SEVERITY", null, null,
                -1, -1, -1, null, -1, List.of(), List.of(), "x");
        String json = new StreamJson().record(r);
        assertTrue(json.contains("\"socket\":null"), json);
        assertTrue(json.contains("\"channel\":null,\"dimm\":null,\"dimm_label\":null,\"page\":null"), json);
        assertTrue(json.contains("\"status\":\"0xffffffffffffffff\""), json);
        assertTrue(json.contains("\"uncorrected\":true"), json);
    }

    @Test
    void textIsEscapedAsTheRfcRequires() {
        StreamRecord r = new StreamRecord(1, MCE, "q\"uote", "back\\slash", "corrected", null, "tab\there", "\u0001",
                -1, -1, -1, null, -1, List.of(), List.of(), "cr\r");
        String json = new StreamJson().record(r);
        assertTrue(json.contains("\"cpu_type\":\"q\\\"uote\""), json);
        assertTrue(json.contains("\"bank_name\":\"back\\\\slash\""), json);
        assertTrue(json.contains("\"transaction\":\"tab\\there\""), json);
        assertTrue(json.contains("\"level\":\"\\u0001\""), json);
        assertTrue(json.contains("\"text\":\"cr\\r\""), json);
    }

    @Test
    void controlLines() {
        StreamJson j = new StreamJson();
        assertEquals("{\"type\":\"hello\",\"schema\":1,\"format\":\"json\",\"replay\":true}", j.hello(true));
        assertEquals("{\"type\":\"heartbeat\",\"time\":5,\"seq\":9}", j.heartbeat(5, 9));
        assertEquals("{\"type\":\"missed\",\"count\":12}", j.missed(12));
    }
}
