package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.kernelsim.machine.CpuProfile;
import org.mcelogjava.protocol.mce.Mce;

/**
 * {@code mce_severity_amd()} (mainline): no table. PCC → PANIC, deferred → DEFERRED, corrected →
 * KEEP, overflow without overflow recovery → PANIC, no SUCCOR → PANIC, kernel context → PANIC,
 * else AR. Only panics carry a message.
 */
public final class AmdSeverityGrader implements SeverityGrader {

    private static final long OVER = 1L << 62;
    private static final long UC = 1L << 61;
    private static final long PCC = 1L << 57;
    private static final long DEFERRED = 1L << 44;

    private final CpuProfile cpu;

    public AmdSeverityGrader(CpuProfile cpu) {
        this.cpu = cpu;
    }

    @Override
    public Grade grade(Mce m, boolean isExcp) {
        long st = m.status();
        if ((st & PCC) != 0) {
            return new Grade(Severity.PANIC, "Processor Context Corrupt", 0);
        }
        if ((st & DEFERRED) != 0) {
            return new Grade(Severity.UCNA, null, 0);
        }
        if ((st & UC) == 0) {
            return new Grade(Severity.KEEP, null, 0);
        }
        if ((st & OVER) != 0 && !cpu.overflowRecov()) {
            return new Grade(Severity.PANIC, "Overflowed uncorrected error without MCA Overflow Recovery", 0);
        }
        if (!cpu.succor()) {
            return new Grade(Severity.PANIC, "Uncorrected error without MCA Recovery", 0);
        }
        if ((m.cs() & 3) != 3) {
            return new Grade(Severity.PANIC, "Uncorrected unrecoverable error in kernel context", 0);
        }
        return new Grade(Severity.AR, null, 0);
    }
}
