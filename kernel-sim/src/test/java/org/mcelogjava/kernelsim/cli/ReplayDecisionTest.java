package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.inject.InjectSource;
import org.mcelogjava.kernelsim.mca.KernelProfile;

/** Which record decides the reported severity and message (examples README). */
class ReplayDecisionTest {

    private static Map<String, Object> replay(String text, boolean ser) {
        return ReplayCommand.run(new ReplayOptions(4, ser, KernelProfile.V6_12, true, "in"),
                new InjectSource("in", text)).json();
    }

    @Test
    void unknownSourcePanicReportsTheWorstGradeTheHandlersSaw() {
        // UCNA is left for the poller by #MC, so no CPU has a record for mce_reign; the record was
        // still graded UCNA (severity.c's UCNA row) in mce_no_way_out and __mc_scan_banks
        Map<String, Object> json = replay("CPU 0 BANK 2 STATUS UNCORRECTED OVER MCGSTATUS RIPV EIPV MCIP "
                + "RIP 0x10:0xdeadbabe\n", true);
        assertEquals("Fatal machine check from unknown source", json.get("panic_message"));
        assertEquals("MCE_UCNA_SEVERITY", json.get("severity"));
        assertEquals("Uncorrected no action required", json.get("message"));
        assertNull(json.get("exception_message"));
    }

    @Test
    void unknownSourcePanicAfterANotEnabledBankReportsNotEnabled() {
        // severity.c's EXCP-gated "Not enabled" row: the #MC handler clears the bank unlogged
        Map<String, Object> json = replay("CPU 0 BANK 2 STATUS VAL UC SRAR MCGSTATUS EIPV MCIP ADDR 0x1234 "
                + "RIP 0x73:0x2eadbabe\n", true);
        assertEquals("Fatal machine check from unknown source", json.get("panic_message"));
        assertEquals("MCE_NO_SEVERITY", json.get("severity"));
        assertEquals("Not enabled", json.get("message"));
    }

    @Test
    void unknownSourcePanicWithNoValidBankIsNoSeverityWithoutAMessage() {
        Map<String, Object> json = replay("CPU 0 BANK 2 STATUS UC S\n", true);
        assertEquals("Fatal machine check from unknown source", json.get("panic_message"));
        assertEquals("MCE_NO_SEVERITY", json.get("severity"));
        assertNull(json.get("message"));
    }

    @Test
    void withoutAPanicTheWorstGradedRecordDecidesEvenIfNotLogged() {
        Map<String, Object> json = replay("CPU 1 BANK 1 MCGSTATUS RIPV MCIP STATUS CORRECTED EXCP HOLD\n"
                + "CPU 0 BANK 2 STATUS UNCORRECTED SRAO MCGSTATUS RIPV MCIP ADDR 0x1234 RIP 0x73:0x1000\n", true);
        assertEquals("log", json.get("outcome"));
        assertEquals("MCE_SOME_SEVERITY", json.get("severity"));
    }

    @Test
    void nothingGradedAndNoPanicIsNull() {
        Map<String, Object> json = replay("CPU 1 BANK 4 STATUS UNCORRECTED POLL\n", false);
        assertEquals("ignore", json.get("outcome"));
        assertNull(json.get("severity"));
    }
}
