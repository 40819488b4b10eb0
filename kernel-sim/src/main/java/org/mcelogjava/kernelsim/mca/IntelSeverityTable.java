package org.mcelogjava.kernelsim.mca;

import static org.mcelogjava.kernelsim.mca.SeverityRule.Excp.ANY;
import static org.mcelogjava.kernelsim.mca.SeverityRule.Excp.EXCP;

import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.kernelsim.mca.SeverityRule.Excp;
import org.mcelogjava.kernelsim.mca.SeverityRule.Ser;

/**
 * severity.c's {@code severities[]} for Intel/Zhaoxin, in two generations: Linux 6.12 (with the
 * CONFIG_MEMORY_FAILURE rows) and the 3.18–4.x table of the seed's era. First match wins; the last
 * row always matches.
 */
public final class IntelSeverityTable {

    static final long VAL = 1L << 63;
    static final long OVER = 1L << 62;
    static final long UC = 1L << 61;
    static final long EN = 1L << 60;
    static final long MISCV = 1L << 59;
    static final long ADDRV = 1L << 58;
    static final long PCC = 1L << 57;
    static final long S = 1L << 56;
    static final long AR = 1L << 55;
    static final long UC_S = UC | S;
    static final long UC_SAR = UC | S | AR;
    static final long ADDR = ADDRV | MISCV;
    static final long MCACOD = 0xefff;
    static final long MCACOD_SCRUB = 0x00c0;
    static final long MCACOD_SCRUBMSK = 0xeff0;
    static final long MCACOD_L3WB = 0x017a;
    static final long MCACOD_DATA = 0x0134;
    static final long MCACOD_INSTR = 0x0150;
    static final long RIPV = 1;
    static final long EIPV = 2;
    static final long MCIP = 4;
    static final long SEAM_NR = 1L << 12;

    private IntelSeverityTable() {
    }

    /** The Linux 6.12 table (rows 1–30 of the spec). */
    public static List<SeverityRule> linux612() {
        Rows r = new Rows();
        r.add(Severity.NO, "Invalid", VAL, 0, 0, 0, Ser.ANY, null, ANY);
        r.add(Severity.NO, "Not enabled", EN, 0, 0, 0, Ser.ANY, null, EXCP);
        r.add(Severity.PANIC, "Processor context corrupt", PCC, PCC, 0, 0, Ser.ANY, null, ANY);
        r.add(Severity.PANIC, "MCIP not set in MCA handler", 0, 0, MCIP, 0, Ser.ANY, null, EXCP);
        r.add(Severity.PANIC, "Neither restart nor error IP", 0, 0, RIPV | EIPV, 0, Ser.ANY, null, EXCP);
        r.add(Severity.PANIC, "In kernel and no restart IP", 0, 0, RIPV, 0, Ser.ANY, ErrorContext.IN_KERNEL, EXCP);
        r.add(Severity.PANIC, "In kernel and no restart IP", 0, 0, RIPV, 0, Ser.ANY, ErrorContext.IN_KERNEL_RECOV, EXCP);
        r.add(Severity.KEEP, "Corrected error", UC, 0, 0, 0, Ser.NOSER, null, ANY);
        // AO rows do not test S: SRAO may be signalled by #MC (S=1) or by CMCI (S=0).
        r.add(Severity.AO, "Action optional: memory scrubbing error", UC | AR | MCACOD_SCRUBMSK, UC | MCACOD_SCRUB,
                0, 0, Ser.SER, null, ANY);
        r.add(Severity.AO, "Action optional: last level cache writeback error", UC | AR | MCACOD, UC | MCACOD_L3WB,
                0, 0, Ser.SER, null, ANY);
        r.rows.add(new SeverityRule(Severity.AO, "Uncorrected Patrol Scrub Error", UC | ADDR | 0xffffeff0L,
                ADDR | 0x001000c0L, 0, 0, Ser.SER, null, ANY, 0x55, 4, 13, 18));
        r.add(Severity.UCNA, "Uncorrected no action required", UC_SAR, UC, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.PANIC, "Illegal combination (UCNA with AR=1)", OVER | UC_SAR, UC | AR, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.KEEP, "Non signaled machine check", S, 0, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.PANIC, "Action required with lost events", OVER | UC_SAR, OVER | UC_SAR, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.KEEP, "Action required but unaffected thread is continuable", OVER | UC_SAR | ADDR,
                UC_SAR | ADDR, RIPV | EIPV, RIPV, Ser.SER, null, ANY);
        long arMask = OVER | UC_SAR | ADDR | MCACOD;
        r.add(Severity.AR, "Action required: data load in error recoverable area of kernel", arMask,
                UC_SAR | ADDR | MCACOD_DATA, 0, 0, Ser.SER, ErrorContext.IN_KERNEL_RECOV, ANY);
        r.add(Severity.AR, "Action required: data load error in a user process", arMask,
                UC_SAR | ADDR | MCACOD_DATA, 0, 0, Ser.SER, ErrorContext.IN_USER, ANY);
        r.add(Severity.AR, "Action required: instruction fetch error in a user process", arMask,
                UC_SAR | ADDR | MCACOD_INSTR, 0, 0, Ser.SER, ErrorContext.IN_USER, ANY);
        r.add(Severity.AR, "Data load error in SEAM non-root mode", arMask, UC_SAR | ADDR | MCACOD_DATA,
                SEAM_NR, SEAM_NR, Ser.SER, ErrorContext.IN_KERNEL, ANY);
        r.add(Severity.AR, "Instruction fetch error in SEAM non-root mode", arMask, UC_SAR | ADDR | MCACOD_INSTR,
                SEAM_NR, SEAM_NR, Ser.SER, ErrorContext.IN_KERNEL, ANY);
        r.add(Severity.PANIC, "Data load in unrecoverable area of kernel", arMask, UC_SAR | ADDR | MCACOD_DATA,
                0, 0, Ser.SER, ErrorContext.IN_KERNEL, ANY);
        r.add(Severity.PANIC, "Instruction fetch error in kernel", arMask, UC_SAR | ADDR | MCACOD_INSTR,
                0, 0, Ser.SER, ErrorContext.IN_KERNEL, ANY);
        r.add(Severity.PANIC, "Action required: unknown MCACOD", OVER | UC_SAR, UC_SAR, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.SOME, "Action optional: unknown MCACOD", OVER | UC_SAR, UC_S, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.SOME, "Action optional with lost events", OVER | UC_SAR, OVER | UC_S, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.PANIC, "Overflowed uncorrected", OVER | UC, OVER | UC, 0, 0, Ser.ANY, null, ANY);
        r.add(Severity.PANIC, "Uncorrected in kernel", UC, UC, 0, 0, Ser.ANY, ErrorContext.IN_KERNEL, ANY);
        r.add(Severity.UC, "Uncorrected", UC, UC, 0, 0, Ser.ANY, null, ANY);
        r.add(Severity.SOME, "No match", 0, 0, 0, 0, Ser.ANY, null, ANY);
        return List.copyOf(r.rows);
    }

    /**
     * The 3.19–4.x table: UCNA right after "Corrected error", the AR rows before the AO rows, AO
     * rows requiring S=1, the "unaffected thread" row matching only MCACOD 0 with RIPV, no
     * kernel-recovery or SEAM rows, "Not enabled" not gated on EXCP; "Non signalled" spelt with two l.
     */
    public static List<SeverityRule> linux4x() {
        Rows r = new Rows();
        r.add(Severity.NO, "Invalid", VAL, 0, 0, 0, Ser.ANY, null, ANY);
        r.add(Severity.NO, "Not enabled", EN, 0, 0, 0, Ser.ANY, null, ANY);
        r.add(Severity.PANIC, "Processor context corrupt", PCC, PCC, 0, 0, Ser.ANY, null, ANY);
        r.add(Severity.PANIC, "MCIP not set in MCA handler", 0, 0, MCIP, 0, Ser.ANY, null, EXCP);
        r.add(Severity.PANIC, "Neither restart nor error IP", 0, 0, RIPV | EIPV, 0, Ser.ANY, null, EXCP);
        r.add(Severity.PANIC, "In kernel and no restart IP", 0, 0, RIPV, 0, Ser.ANY, ErrorContext.IN_KERNEL, EXCP);
        r.add(Severity.KEEP, "Corrected error", UC, 0, 0, 0, Ser.NOSER, null, ANY);
        r.add(Severity.UCNA, "Uncorrected no action required", UC_SAR, UC, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.PANIC, "Illegal combination (UCNA with AR=1)", OVER | UC_SAR, UC | AR, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.KEEP, "Non signalled machine check", S, 0, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.PANIC, "Action required with lost events", OVER | UC_SAR, OVER | UC_SAR, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.KEEP, "Action required but unaffected thread is continuable", OVER | UC_SAR | ADDR | MCACOD,
                UC_SAR | ADDR, RIPV, RIPV, Ser.SER, null, ANY);
        long arMask = OVER | UC_SAR | ADDR | MCACOD;
        r.add(Severity.AR, "Action required: data load error in a user process", arMask,
                UC_SAR | ADDR | MCACOD_DATA, 0, 0, Ser.SER, ErrorContext.IN_USER, ANY);
        r.add(Severity.AR, "Action required: instruction fetch error in a user process", arMask,
                UC_SAR | ADDR | MCACOD_INSTR, 0, 0, Ser.SER, ErrorContext.IN_USER, ANY);
        r.add(Severity.PANIC, "Action required: unknown MCACOD", OVER | UC_SAR, UC_SAR, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.AO, "Action optional: memory scrubbing error", OVER | UC_SAR | MCACOD_SCRUBMSK,
                UC_S | MCACOD_SCRUB, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.AO, "Action optional: last level cache writeback error", OVER | UC_SAR | MCACOD,
                UC_S | MCACOD_L3WB, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.SOME, "Action optional: unknown MCACOD", OVER | UC_SAR, UC_S, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.SOME, "Action optional with lost events", OVER | UC_SAR, OVER | UC_S, 0, 0, Ser.SER, null, ANY);
        r.add(Severity.PANIC, "Overflowed uncorrected", OVER | UC, OVER | UC, 0, 0, Ser.ANY, null, ANY);
        r.add(Severity.UC, "Uncorrected", UC, UC, 0, 0, Ser.ANY, null, ANY);
        r.add(Severity.SOME, "No match", 0, 0, 0, 0, Ser.ANY, null, ANY);
        return List.copyOf(r.rows);
    }

    private static final class Rows {
        final List<SeverityRule> rows = new ArrayList<>();

        void add(Severity sev, String msg, long mask, long result, long mcgMask, long mcgResult, Ser ser,
                 ErrorContext ctx, Excp excp) {
            rows.add(new SeverityRule(sev, msg, mask, result, mcgMask, mcgResult, ser, ctx, excp, 0, 0, 0, 0));
        }
    }
}
