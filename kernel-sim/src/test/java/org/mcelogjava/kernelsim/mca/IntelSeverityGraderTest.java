package org.mcelogjava.kernelsim.mca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.machine.CpuProfile;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.protocol.mce.Mce;

/** severity.c's Intel table: first match wins, context, EXCP gating, generation differences. */
class IntelSeverityGraderTest {

    private static final long VAL = 1L << 63;
    private static final long OVER = 1L << 62;
    private static final long UC = 1L << 61;
    private static final long EN = 1L << 60;
    private static final long MISCV = 1L << 59;
    private static final long ADDRV = 1L << 58;
    private static final long PCC = 1L << 57;
    private static final long S = 1L << 56;
    private static final long AR = 1L << 55;

    private final SeverityCoverage coverage = new SeverityCoverage();

    private Grade grade(KernelProfile k, CpuProfile cpu, long status, long mcg, int cs, boolean excp) {
        IntelSeverityGrader g = new IntelSeverityGrader(k, new MceConfig(), cpu, ExceptionTable.NONE, coverage);
        return g.grade(Mce.builder().status(status).mcgstatus(mcg).cs(cs).bank(2).build(), excp);
    }

    private Grade grade612(long status, long mcg, int cs, boolean excp) {
        return grade(KernelProfile.V6_12, CpuProfiles.skylakeServer(), status, mcg, cs, excp);
    }

    @Test
    void invalidComesFirst() {
        Grade g = grade612(UC | EN | PCC, 0, 0, true);
        assertEquals(Severity.NO, g.severity());
        assertEquals("Invalid", g.message());
    }

    @Test
    void notEnabledOnlyFromTheExceptionHandler() {
        assertEquals("Not enabled", grade612(VAL | UC | S, 5, 0x10, true).message());
        assertEquals(Severity.UCNA, grade612(VAL | UC, 0, 0, false).severity());
    }

    @Test
    void srarDataLoadInUserProcess() {
        Grade g = grade612(VAL | UC | EN | S | AR | ADDRV | MISCV | 0x134, 7, 0x73, true);
        assertEquals(Severity.AR, g.severity());
        assertEquals("Action required: data load error in a user process", g.message());
    }

    @Test
    void srarDataLoadInKernelPanics() {
        Grade g = grade612(VAL | UC | EN | S | AR | ADDRV | MISCV | 0x134, 7, 0x10, true);
        assertEquals(Severity.PANIC, g.severity());
        assertEquals("Data load in unrecoverable area of kernel", g.message());
    }

    @Test
    void ripvWithoutEipvMakesAnUnaffectedThreadContinuable() {
        Grade g = grade612(VAL | UC | EN | S | AR | ADDRV | MISCV | 0x134, 5, 0x73, true);
        assertEquals(Severity.KEEP, g.severity());
        assertEquals("Action required but unaffected thread is continuable", g.message());
    }

    @Test
    void aoRowsDoNotTestSSoCmciSignalledScrubErrorsAreAo() {
        Grade g = grade612(VAL | UC | EN | ADDRV | MISCV | 0xc3, 0, 0, false);
        assertEquals(Severity.AO, g.severity());
        assertEquals("Action optional: memory scrubbing error", g.message());
    }

    @Test
    void patrolScrubRowNeedsSkylakeSteppingFourAndBanks13To18() {
        long st = VAL | EN | ADDRV | MISCV | 0x001000c0L;
        IntelSeverityGrader g = new IntelSeverityGrader(KernelProfile.V6_12, new MceConfig(),
                CpuProfiles.skylakeServer(), ExceptionTable.NONE, coverage);
        assertEquals("Uncorrected Patrol Scrub Error",
                g.grade(Mce.builder().status(st).bank(13).build(), false).message());
        assertEquals("Non signaled machine check", g.grade(Mce.builder().status(st).bank(12).build(), false).message());
    }

    @Test
    void uncorrectedInKernelIsPanicFromPollOnNonSer() {
        Grade g = grade(KernelProfile.V6_12, CpuProfiles.intelClient(), VAL | UC | EN, 4, 0, false);
        assertEquals(Severity.PANIC, g.severity());
        assertEquals("Uncorrected in kernel", g.message());
    }

    @Test
    void oldTableKeepsInKernelUcAsUcWithDefaultTolerant() {
        Grade g = grade(KernelProfile.V4_0, CpuProfiles.intelClient(), VAL | UC | EN, 4, 0, false);
        assertEquals(Severity.UC, g.severity());
        assertEquals("Uncorrected", g.message());
        assertEquals("Non signalled machine check",
                grade(KernelProfile.V4_0, CpuProfiles.skylakeServer(), VAL | EN, 0, 0, false).message());
    }

    @Test
    void overflowedUncorrectedIsFatalWithoutSer() {
        Grade g = grade(KernelProfile.V6_12, CpuProfiles.intelClient(), VAL | OVER | UC | EN, 5, 0x73, true);
        assertEquals("Overflowed uncorrected", g.message());
    }

    @Test
    void coverageRecordsMatchedRows() {
        grade612(0, 0, 0, false);
        assertTrue(coverage.covered(0));
        coverage.clear();
        assertTrue(!coverage.covered(0));
    }

    @Test
    void the612TableHasThirtyRowsAndTheLastAlwaysMatches() {
        assertEquals(30, IntelSeverityTable.linux612().size());
        assertEquals("No match", IntelSeverityTable.linux612().get(29).message());
    }
}
