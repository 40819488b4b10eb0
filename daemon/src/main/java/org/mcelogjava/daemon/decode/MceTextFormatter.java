package org.mcelogjava.daemon.decode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.OptionalDouble;
import org.mcelogjava.protocol.mce.McaStatus;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.McgStatus;

/**
 * Renders a decoded record as mcelog's {@code dump_mce} text (mcelog.c): the CPU/bank line with
 * TSC, RIP, MISC/ADDR, TIME, the decode block, STATUS/MCGSTATUS, the MCGCAP/APICID/SOCKETID line,
 * PPIN, MICROCODE and CPUID, with mcelog's trailing spaces and its gating of fields by record
 * length. The disclaimer and {@code MCE <i>} lines belong to the caller. A pure function of the
 * record and the text inserts it is given (the decode-time triggers' lines, decided elsewhere).
 */
public final class MceTextFormatter {

    private static final String[] VENDORS = {
        "Intel", "Cyrix", "AMD", "UMC", "vendor 4", "Centaur", "vendor 6", "Transmeta", "NSC",
    };

    private final CtimeText ctime;
    private final OptionalDouble cpuMhz;

    /**
     * @param ctime  renders TIME in mcelog's local time zone
     * @param cpuMhz {@code --cpumhz}: when present, TSC values are also shown as uptime
     */
    public MceTextFormatter(CtimeText ctime, OptionalDouble cpuMhz) {
        this.ctime = ctime;
        this.cpuMhz = cpuMhz;
    }

    /** Mcelog's name of a CPU vendor number ({@code cpuvendor_name}). */
    public static String vendorName(int vendor) {
        return vendor < VENDORS.length ? VENDORS[vendor] : "Unknown vendor";
    }

    /** Vendor number for a name or number as {@code CPUID Vendor} input gives it, 0 when unknown. */
    public static int vendorIndex(String name) {
        for (int i = 0; i < VENDORS.length; i++) {
            if (VENDORS[i].equals(name)) {
                return i;
            }
        }
        return 0;
    }

    private static void appendDetail(DecodedMce d, TextBuffer out, List<TextInsert> inserts) {
        int from = 0;
        for (TextInsert insert : inserts) {
            int at = Math.min(Math.max(insert.at(), from), d.detail().length());
            out.append(d.detail().substring(from, at)).append(insert.text());
            from = at;
        }
        out.append(d.detail().substring(from));
    }

    /** {@code dump_mce}. */
    public void format(DecodedMce d, TextBuffer out) {
        format(d, out, List.of());
    }

    /**
     * {@code dump_mce}, with text written into the decode block where mcelog writes it.
     *
     * @param inserts in text order
     */
    public void format(DecodedMce d, TextBuffer out, List<TextInsert> inserts) {
        Mce m = d.mce();
        if (m.finished() == 0) {
            out.append("not finished?\n");
        }
        out.append("CPU ").append((int) d.cpu()).append(' ').append(d.bankName()).append(' ');
        if (m.tsc() != 0) {
            out.append("TSC ").appendHex(m.tsc()).append(' ');
            uptime(m.tsc(), out);
        }
        out.append('\n');
        if (m.ip() != 0) {
            out.append("RIP").append((m.mcgstatus() & McgStatus.EIPV) == 0 ? " !INEXACT! " : " ");
            if (m.cs() < 0x10) {
                out.append('0');
            }
            out.appendHex(m.cs()).append(':').appendHex(m.ip()).append('\n');
        }
        boolean registers = false;
        if ((m.status() & McaStatus.MISCV) != 0) {
            out.append("MISC ").appendHex(m.misc()).append(' ');
            registers = true;
        }
        if ((m.status() & McaStatus.ADDRV) != 0) {
            out.append("ADDR ").appendHex(m.addr()).append(' ');
            registers = true;
        }
        if (registers) {
            out.append('\n');
        }
        if (m.time() != 0) {
            out.append("TIME ").appendUnsigned(m.time()).append(' ');
            ctime.append(m.time(), out);
        }
        appendDetail(d, out, inserts);
        out.append("STATUS ").appendHex(m.status()).append(" MCGSTATUS ").appendHex(m.mcgstatus()).append('\n');
        boolean ids = false;
        if (d.carriesBeyond(60) && m.mcgcap() != 0) {
            out.append("MCGCAP ").appendHex(m.mcgcap()).append(' ');
            ids = true;
        }
        if (d.carriesBeyond(76)) {
            out.append("APICID ").appendHex(m.apicid()).append(' ');
            ids = true;
        }
        if (d.carriesBeyond(72)) {
            out.append("SOCKETID ").appendHex(m.socketid()).append(' ');
            ids = true;
        }
        if (ids) {
            out.append('\n');
        }
        if (d.carriesBeyond(104) && m.ppin() != 0) {
            out.append("PPIN ").appendHex(m.ppin()).append('\n');
        }
        if (d.carriesBeyond(112) && m.microcode() != 0) {
            out.append("MICROCODE ").appendHex(m.microcode()).append('\n');
        }
        if (d.carriesBeyond(60) && m.cpuid() != 0) {
            CpuId id = CpuId.parse(m.cpuid());
            out.append("CPUID Vendor ").append(vendorName(m.cpuvendor())).append(" Family ").append(id.family())
                    .append(" Model ").append(id.model()).append(" Step ").append(id.stepping()).append('\n');
        }
    }

    /** {@code decode_tsc_forced}: the TSC as uptime at the forced CPU frequency. */
    private void uptime(long tsc, TextBuffer out) {
        if (cpuMhz.isEmpty() || cpuMhz.getAsDouble() == 0.0) {
            return;
        }
        double mhz = cpuMhz.getAsDouble();
        long hz = (long) (mhz * 1_000_000);
        long rest = tsc;
        long[] parts = new long[4];
        long[] units = {3600 * 24, 3600, 60, 1};
        for (int i = 0; i < units.length; i++) {
            long v = hz * units[i];
            long u = Long.divideUnsigned(rest, v) & 0xffffffffL;
            rest -= u * v;
            parts[i] = u;
        }
        out.append("[at ").append(new BigDecimal(mhz).setScale(0, RoundingMode.HALF_EVEN).toPlainString())
                .append(" Mhz ").append(parts[0]).append(" days ").append(parts[1]).append(':').append(parts[2])
                .append(':').append(parts[3]).append(" uptime (unreliable)]");
    }
}
