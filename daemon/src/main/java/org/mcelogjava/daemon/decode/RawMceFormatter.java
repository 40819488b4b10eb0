package org.mcelogjava.daemon.decode;

import org.mcelogjava.protocol.mce.Mce;

/**
 * Renders a record in mcelog's machine-readable form ({@code --raw}, {@code --dump-raw-ascii};
 * {@code dump_mce_raw_ascii}): one field per line with C's {@code %#llx} hex (plain {@code 0}
 * for zero), decimal TIME/SOCKETID/APICID, fields gated by record length, and an empty line.
 */
public final class RawMceFormatter {

    /** {@code dump_mce_raw_ascii}. */
    public void format(Mce m, int recordLength, TextBuffer out) {
        if (m.finished() == 0) {
            out.append("not finished?\n");
        }
        out.append("CPU ").append(m.extcpu() != 0 ? m.extcpu() : m.cpu()).append('\n');
        out.append("BANK ").append(m.bank()).append('\n');
        out.append("TSC ");
        alt(m.tsc(), out);
        out.append("\nRIP ");
        if (m.cs() == 0) {
            out.append("00");
        } else {
            alt(m.cs(), out);
        }
        out.append(':');
        alt(m.ip(), out);
        out.append("\nMISC ");
        alt(m.misc(), out);
        out.append("\nADDR ");
        alt(m.addr(), out);
        out.append("\nSTATUS ");
        alt(m.status(), out);
        out.append("\nMCGSTATUS ");
        alt(m.mcgstatus(), out);
        out.append('\n');
        if (recordLength > 60) {
            out.append("PROCESSOR ").append(m.cpuvendor()).append(':');
            alt(m.cpuid(), out);
            out.append('\n');
        }
        if (recordLength > 48) {
            out.append("TIME ").appendUnsigned(m.time()).append('\n');
        }
        if (recordLength > 72) {
            out.append("SOCKETID ").append(m.socketid()).append('\n');
        }
        if (recordLength > 76) {
            out.append("APICID ").append(m.apicid()).append('\n');
        }
        if (recordLength > 80) {
            out.append("MCGCAP ");
            alt(m.mcgcap(), out);
            out.append('\n');
        }
        out.append('\n');
    }

    /** C's {@code %#llx}: {@code 0x}-prefixed hex, but plain {@code 0} for zero. */
    private static void alt(long v, TextBuffer out) {
        if (v == 0) {
            out.append('0');
        } else {
            out.append("0x").appendHex(v);
        }
    }
}
