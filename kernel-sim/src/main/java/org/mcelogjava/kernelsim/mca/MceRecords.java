package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.kernelsim.machine.Cpu;
import org.mcelogjava.kernelsim.machine.CpuProfile;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Building records: {@code mce_prep_record()}/{@code mce_setup()} (identity of the CPU),
 * {@code mce_gather_info()} (MCG_STATUS and, from an exception, ip/cs) and {@code mce_read_aux()}
 * (MISC/ADDR with the SER address masking, SMCA IPID/SYND).
 */
public final class MceRecords {

    private static final long MISCV = 1L << 59;
    private static final long ADDRV = 1L << 58;
    private static final long SYNDV = 1L << 53;

    private final McaContext ctx;

    public MceRecords(McaContext ctx) {
        this.ctx = ctx;
    }

    /** {@code mce_prep_record()}: a fresh record naming this CPU. */
    public Mce.Builder setup(int cpuNumber) {
        Cpu cpu = ctx.machine().cpu(cpuNumber);
        CpuProfile p = cpu.profile();
        return Mce.builder()
                .cpuvendor(p.vendor().code())
                .cpuid(p.cpuid())
                .time(ctx.clock().epochSeconds())
                .cpu(cpuNumber & 0xff)
                .extcpu(cpuNumber)
                .apicid(cpu.apicId())
                .mcgcap(cpu.mcgCap())
                .ppin(cpu.ppin())
                .microcode(p.microcode())
                .socketid(cpu.socket());
    }

    /** {@code mce_gather_info()}: MCG_STATUS, and with regs the interrupted ip/cs when RIPV or EIPV. */
    public Mce.Builder gatherInfo(int cpuNumber, Regs regs) {
        McaMsrs msrs = new McaMsrs(ctx.cpu(cpuNumber));
        Mce.Builder b = setup(cpuNumber);
        long mcg = msrs.readMcgStatus();
        b.mcgstatus(mcg);
        if (regs != null) {
            if ((mcg & 3) != 0) {
                b.ip(regs.ip()).cs(regs.vm86() ? regs.cs() | 3 : regs.cs());
            }
            if (usesRipMsr()) {
                b.ip(msrs.readRipMsr());
            }
        }
        return b;
    }

    /** mca_cfg.rip_msr: MCG_CAP.EXT_P with MCG_EXT_CNT ≥ 9. */
    private boolean usesRipMsr() {
        long cap = ctx.machine().profile().mcgCap();
        return (cap & (1L << 9)) != 0 && ((cap >>> 16) & 0xff) >= 9;
    }

    /** {@code mce_read_aux()} for a record whose status is already set. */
    public Mce readAux(Mce m, McaMsrs msrs) {
        Mce.Builder b = m.toBuilder();
        long misc = m.misc();
        if ((m.status() & MISCV) != 0) {
            misc = msrs.read(m.bank(), McaMsrs.Reg.MISC);
            b.misc(misc);
        }
        if ((m.status() & ADDRV) != 0) {
            long addr = msrs.read(m.bank(), McaMsrs.Reg.ADDR);
            if (ctx.ser() && (m.status() & MISCV) != 0) {
                int shift = (int) (misc & 0x3f);
                addr = (addr >>> shift) << shift;
            }
            b.addr(addr);
        }
        if (ctx.machine().profile().smca()) {
            b.ipid(ctx.machine().cpu((int) m.extcpu()).bank(m.bank()).ipid());
            if ((m.status() & SYNDV) != 0) {
                b.synd(msrs.read(m.bank(), McaMsrs.Reg.SYND));
            }
        }
        return b.build();
    }

    /** {@code mce_usable_address()}. */
    public boolean usableAddress(Mce m) {
        if ((m.status() & ADDRV) == 0) {
            return false;
        }
        if (!ctx.intelLike()) {
            return true;
        }
        if ((m.status() & MISCV) == 0) {
            return false;
        }
        return (m.misc() & 0x3f) <= 12 && ((m.misc() >>> 6) & 7) == 2;
    }

    /** {@code mce_is_memory_error()} for Intel/Zhaoxin. */
    public static boolean isMemoryError(Mce m) {
        long s = m.status();
        return (s & 0xef80) == 0x0080 || (s & 0xef00) == 0x0100 || (s & 0xeffc) == 0x000c;
    }

    /** {@code whole_page()}. */
    public boolean wholePage(Mce m) {
        if (!ctx.ser() || (m.status() & MISCV) == 0) {
            return true;
        }
        return (m.misc() & 0x3f) >= 12;
    }
}
