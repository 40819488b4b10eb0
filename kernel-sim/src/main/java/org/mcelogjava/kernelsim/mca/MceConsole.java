package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.kernelsim.klog.KernelLog;
import org.mcelogjava.protocol.mce.Mce;

/**
 * core.c's {@code __print_mce()}: the console lines of one record, a format external tools parse
 * ("mce: [Hardware Error]: CPU n: Machine Check Exception: …").
 */
public final class MceConsole {

    /** pr_fmt "mce: " + HW_ERR. */
    public static final String HW_ERR = "mce: [Hardware Error]: ";

    private MceConsole() {
    }

    public static void print(KernelLog log, Mce m, boolean smca) {
        log.emerg(String.format("%sCPU %d: Machine Check%s: %x Bank %d: %016x", HW_ERR, m.extcpu(),
                (m.mcgstatus() & 4) != 0 ? " Exception" : "", m.mcgstatus(), m.bank(), m.status()));
        if (m.ip() != 0) {
            log.emerg(String.format("%sRIP%s %02x:<%016x> %s", HW_ERR, (m.mcgstatus() & 2) == 0 ? " !INEXACT!" : "",
                    m.cs(), m.ip(), m.cs() == Regs.KERNEL_CS ? "{kernel text}" : "").stripTrailing());
        }
        StringBuilder sb = new StringBuilder(HW_ERR).append(String.format("TSC %x ", m.tsc()));
        if (m.addr() != 0) {
            sb.append(String.format("ADDR %x ", m.addr()));
        }
        if (m.misc() != 0) {
            sb.append(String.format("MISC %x ", m.misc()));
        }
        if (m.ppin() != 0) {
            sb.append(String.format("PPIN %x ", m.ppin()));
        }
        if (smca) {
            if (m.synd() != 0) {
                sb.append(String.format("SYND %x ", m.synd()));
            }
            if (m.ipid() != 0) {
                sb.append(String.format("IPID %x ", m.ipid()));
            }
        }
        log.emerg(sb.toString().stripTrailing());
        log.emerg(String.format("%sPROCESSOR %d:%x TIME %d SOCKET %d APIC %x microcode %x", HW_ERR, m.cpuvendor(),
                m.cpuid(), m.time(), m.socketid(), m.apicid(), m.microcode()));
    }
}
