package org.mcelogjava.kernelsim.inject;

import java.util.BitSet;
import org.mcelogjava.kernelsim.machine.McaBank;
import org.mcelogjava.kernelsim.machine.Vendor;
import org.mcelogjava.kernelsim.mca.MachineCheckPoller;
import org.mcelogjava.kernelsim.mca.McaContext;
import org.mcelogjava.kernelsim.mca.MceLogger;
import org.mcelogjava.kernelsim.mca.MceRecords;
import org.mcelogjava.kernelsim.mca.PlatformErrors;
import org.mcelogjava.kernelsim.mca.Regs;
import org.mcelogjava.kernelsim.mm.Errno;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The debugfs interface of inject.c, {@code /sys/kernel/debug/mce-inject/}: one staged record
 * ({@code i_mce}) set through {@code status}, {@code misc}, {@code addr}, {@code synd},
 * {@code ipid}, {@code cpu} and {@code flags}; writing {@code bank} injects it
 * ({@code do_inject}) and resets the staging record.
 * <ul>
 * <li>{@code sw}: {@code mce_log()} only — the decode/notifier path, no registers touched.</li>
 * <li>{@code hw}: write the bank (STATUS, ADDR, MISC and SMCA's SYND, {@code prepare_msrs}) with
 * HWCR[McStatusWrEn] and MCG_STATUS = MCIP|EIPV (+RIPV unless
 * PCC), then #MC on the target CPU.</li>
 * <li>{@code df}: deferred error (DEFERRED set, UC cleared), then the deferred-error interrupt,
 * which polls the bank.</li>
 * <li>{@code th}: as hw but the threshold interrupt, which polls the bank.</li>
 * </ul>
 * Non-{@code sw} types need AMD's HWCR (writing a non-zero MCi_STATUS faults on Intel).
 */
public final class DebugfsInjector {

    /** {@code enum injection_type}. */
    public enum Type {
        SW("sw"), HW("hw"), DFR_INT("df"), THR_INT("th");

        private final String flag;

        Type(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }
    }

    private static final long VAL = 1L << 63;
    private static final long UC = 1L << 61;
    private static final long MISCV = 1L << 59;
    private static final long PCC = 1L << 57;
    private static final long SYNDV = 1L << 53;
    private static final long DEFERRED = 1L << 44;
    private static final long RIPV = 1;
    private static final long EIPV = 2;
    private static final long MCIP = 4;

    private final McaContext ctx;
    private final MceRecords records;
    private final MceLogger logger;
    private final MachineCheckPoller poller;
    private final PlatformErrors platform;
    private Mce.Builder staged;
    private int targetCpu;
    private Type type = Type.SW;

    public DebugfsInjector(McaContext ctx, MceRecords records, MceLogger logger, MachineCheckPoller poller,
                           PlatformErrors platform) {
        this.ctx = ctx;
        this.records = records;
        this.logger = logger;
        this.poller = poller;
        this.platform = platform;
        reset();
    }

    public void status(long v) { staged.status(v); }
    public void misc(long v) { staged.misc(v); }
    public void addr(long v) { staged.addr(v); }
    public void synd(long v) { staged.synd(v); }
    public void ipid(long v) { staged.ipid(v); }

    /** The staged record as {@code README}-documented files would show it. */
    public Mce staged() {
        return staged.build();
    }

    public Type type() {
        return type;
    }

    /** The CPU the next injection targets ({@code cpu} file). */
    public int targetCpu() {
        return targetCpu;
    }

    /** {@code cpu}: -EINVAL unless an online CPU. */
    public int cpu(long cpu) {
        if (cpu < 0 || cpu >= ctx.machine().cpuCount() || !ctx.machine().isOnline((int) cpu)) {
            return -Errno.EINVAL;
        }
        targetCpu = (int) cpu;
        return 0;
    }

    /** {@code flags}: "sw", "hw", "df" or "th" (1–4 bytes, a trailing newline allowed). */
    public int flags(String text) {
        if (text.isEmpty() || text.length() > 4) {
            return -Errno.EINVAL;
        }
        String t = text.strip();
        for (Type candidate : Type.values()) {
            if (candidate.flag().equals(t)) {
                if (candidate != Type.SW && ctx.machine().profile().vendor() != Vendor.AMD) {
                    return -Errno.EINVAL;
                }
                type = candidate;
                return 0;
            }
        }
        return -Errno.EINVAL;
    }

    /** {@code bank}: validates against the target CPU's bank count, injects, resets. */
    public int bank(long bank) {
        if (bank < 0 || bank >= ctx.machine().cpu(targetCpu).bankCount()) {
            return -Errno.EINVAL;
        }
        if (type != Type.SW && ctx.machine().profile().smca()
                && ctx.machine().cpu(targetCpu).bank((int) bank).ipid() == 0) {
            ctx.log().err("Cannot inject into unpopulated bank " + bank);
            return -Errno.ENODEV;
        }
        Mce m = staged.bank((int) bank).build();
        long status = m.status() | VAL;
        if (m.misc() != 0) {
            status |= MISCV;
        }
        if (m.synd() != 0) {
            status |= SYNDV;
        }
        Mce.Builder b = records.setup(targetCpu).status(status).misc(m.misc()).addr(m.addr()).synd(m.synd())
                .ipid(m.ipid()).bank(m.bank()).tsc(ctx.rdtsc());
        switch (type) {
            case SW -> logger.log(b.build());
            case HW -> {
                long mcg = MCIP | EIPV | ((status & PCC) != 0 ? 0 : RIPV);
                prepareMsrs((int) bank, status, m);
                platform.machineCheck(targetCpu, mcg, Regs.interruptedKernel());
            }
            case DFR_INT, THR_INT -> {
                long st = type == Type.DFR_INT ? (status | DEFERRED) & ~UC : status;
                prepareMsrs((int) bank, st, m);
                BitSet one = new BitSet();
                one.set((int) bank);
                poller.poll(targetCpu, MachineCheckPoller.MCP_TIMESTAMP, one);
            }
        }
        reset();
        return 0;
    }

    /** {@code prepare_msrs}: the target bank's STATUS, ADDR, MISC and (SMCA) SYND, written with HWCR[McStatusWrEn]. */
    private void prepareMsrs(int bank, long status, Mce m) {
        McaBank b = ctx.machine().cpu(targetCpu).bank(bank);
        b.writeStatus(status);
        b.writeAddr(m.addr());
        b.writeMisc(m.misc());
        b.writeSynd(m.synd());
    }

    /** After each injection {@code i_mce} is zeroed but for vendor, time, cpuid and microcode. */
    private void reset() {
        Mce id = records.setup(0).build();
        staged = Mce.builder().cpuvendor(id.cpuvendor()).time(id.time()).cpuid(id.cpuid()).microcode(id.microcode());
    }
}
