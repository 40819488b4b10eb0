package org.mcelogjava.kernelsim.mca;

import java.util.List;
import org.mcelogjava.kernelsim.machine.CpuProfile;
import org.mcelogjava.protocol.mce.Mce;

/**
 * {@code mce_severity_intel()} with {@code error_context()}: walks the table, first match wins.
 * On the 4.x profile the old post-rule applies (an in-kernel UC-or-worse is PANIC only when
 * {@code tolerant < 1}) and the context is simply "ring 3 or not".
 */
public final class IntelSeverityGrader implements SeverityGrader {

    private final List<SeverityRule> table;
    private final KernelProfile kernel;
    private final MceConfig config;
    private final boolean ser;
    private final CpuProfile cpu;
    private final ExceptionTable exceptionTable;
    private final SeverityCoverage coverage;

    public IntelSeverityGrader(KernelProfile kernel, MceConfig config, CpuProfile cpu, ExceptionTable exceptionTable,
                               SeverityCoverage coverage) {
        this.table = kernel.intelSeverityTable();
        this.kernel = kernel;
        this.config = config;
        this.ser = (cpu.mcgCap() & (1L << 24)) != 0;
        this.cpu = cpu;
        this.exceptionTable = exceptionTable;
        this.coverage = coverage;
    }

    public List<SeverityRule> table() {
        return table;
    }

    @Override
    public Grade grade(Mce m, boolean isExcp) {
        long kflags = 0;
        ErrorContext ctx;
        if ((m.cs() & 3) == 3) {
            ctx = ErrorContext.IN_USER;
        } else if (kernel == KernelProfile.V4_0 || (m.mcgstatus() & 3) != 3) {
            ctx = ErrorContext.IN_KERNEL; // !mc_recoverable(): not both RIPV and EIPV
        } else if (exceptionTable.isCopyFromUser(m.ip())) {
            ctx = ErrorContext.IN_KERNEL_RECOV;
            kflags = KFlags.IN_KERNEL_COPYIN | KFlags.IN_KERNEL_RECOV;
        } else if (exceptionTable.hasMceSafeFixup(m.ip())) {
            ctx = ErrorContext.IN_KERNEL_RECOV;
            kflags = KFlags.IN_KERNEL_RECOV;
        } else {
            ctx = ErrorContext.IN_KERNEL;
        }
        for (int i = 0; i < table.size(); i++) {
            SeverityRule rule = table.get(i);
            if (rule.matches(m, ser, ctx, isExcp, cpu.family() == 6 ? cpu.model() : 0, cpu.stepping())) {
                coverage.hit(i);
                Severity sev = rule.severity();
                if (kernel == KernelProfile.V4_0 && sev.atLeast(Severity.UC) && ctx == ErrorContext.IN_KERNEL
                        && config.tolerant() < 1) {
                    sev = Severity.PANIC;
                }
                return new Grade(sev, rule.message(), kflags);
            }
        }
        throw new IllegalStateException("the last severity row always matches");
    }
}
