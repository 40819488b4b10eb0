package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.protocol.mce.Mce;

/**
 * One row of severity.c's {@code severities[]}: a status mask/result, an MCG_STATUS mask/result,
 * SER requirement, error context, exception gating and an optional CPU model/stepping/bank range.
 *
 * @param severity  the level this row yields
 * @param message   its message
 * @param mask      MCi_STATUS bits tested
 * @param result    required value of those bits
 * @param mcgMask   MCG_STATUS bits tested
 * @param mcgResult required value of those bits
 * @param ser       SER requirement
 * @param context   required context, or null for any
 * @param excp      exception gating
 * @param model     required family-6 model (0 = any)
 * @param minStepping minimum stepping (0 = any)
 * @param bankLo    first bank (0 with bankHi 0 = any)
 * @param bankHi    last bank
 */
public record SeverityRule(Severity severity, String message, long mask, long result, long mcgMask, long mcgResult,
                           Ser ser, ErrorContext context, Excp excp, int model, int minStepping, int bankLo, int bankHi) {

    /** {@code SER} / {@code NOSER} / don't care. */
    public enum Ser { ANY, SER, NOSER }

    /** {@code EXCP} / {@code NOEXCP} / don't care. */
    public enum Excp { ANY, EXCP, NOEXCP }

    /** Does this row match (the kernel's loop body in {@code mce_severity_intel})? */
    public boolean matches(Mce m, boolean serCapable, ErrorContext ctx, boolean isExcp, int cpuModel, int cpuStepping) {
        if ((m.status() & mask) != result || (m.mcgstatus() & mcgMask) != mcgResult) {
            return false;
        }
        if (ser == Ser.SER && !serCapable || ser == Ser.NOSER && serCapable) {
            return false;
        }
        if (context != null && ctx != context) {
            return false;
        }
        if (excp == Excp.EXCP && !isExcp || excp == Excp.NOEXCP && isExcp) {
            return false;
        }
        if (model != 0 && cpuModel != model || minStepping != 0 && cpuStepping < minStepping) {
            return false;
        }
        return bankLo == 0 && bankHi == 0 || m.bank() >= bankLo && m.bank() <= bankHi;
    }
}
