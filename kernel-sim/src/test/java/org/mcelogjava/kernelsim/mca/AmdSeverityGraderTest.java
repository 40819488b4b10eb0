package org.mcelogjava.kernelsim.mca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.protocol.mce.Mce;

/** mce_severity_amd's procedure on a Zen (SMCA, SUCCOR, overflow recovery) part. */
class AmdSeverityGraderTest {

    private final AmdSeverityGrader g = new AmdSeverityGrader(CpuProfiles.zen2());

    private Severity sev(long status, int cs) {
        return g.grade(Mce.builder().status(status).cs(cs).build(), true).severity();
    }

    @Test
    void procedureInOrder() {
        long val = 1L << 63;
        long uc = 1L << 61;
        assertEquals(Severity.PANIC, sev(val | uc | (1L << 57), 0x73));
        assertEquals(Severity.UCNA, sev(val | uc | (1L << 44), 0x10));
        assertEquals(Severity.KEEP, sev(val, 0x10));
        assertEquals(Severity.PANIC, sev(val | uc, 0x10));
        assertEquals(Severity.AR, sev(val | uc | (1L << 62), 0x73));
    }
}
