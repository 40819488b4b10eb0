package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.kernelsim.machine.Cpu;
import org.mcelogjava.protocol.mce.Mce;

/**
 * core.c's {@code mce_rdmsrl()} / {@code mce_wrmsrl()}: MCA register access on one CPU that goes
 * to the software-faked registers while {@code injectm.finished} is set ({@code msr_to_offset}):
 * STATUS/ADDR/MISC of {@code injectm.bank}, MCG_STATUS and the RIP MSR map to the injected record,
 * every other MCA MSR (SMCA's MCA_SYND among them) reads 0 and ignores writes.
 */
public final class McaMsrs {

    /** Which register of a bank. */
    public enum Reg { STATUS, ADDR, MISC, SYND }

    private final PerCpuMce pcpu;

    public McaMsrs(PerCpuMce pcpu) {
        this.pcpu = pcpu;
    }

    public long read(int bank, Reg reg) {
        Mce inj = pcpu.injectm();
        if (inj.finished() != 0) {
            if (bank != inj.bank()) {
                return 0;
            }
            return switch (reg) {
                case STATUS -> inj.status();
                case ADDR -> inj.addr();
                case MISC -> inj.misc();
                case SYND -> 0L;
            };
        }
        Cpu cpu = pcpu.cpu();
        return switch (reg) {
            case STATUS -> cpu.bank(bank).status();
            case ADDR -> cpu.bank(bank).addr();
            case MISC -> cpu.bank(bank).misc();
            case SYND -> cpu.bank(bank).synd();
        };
    }

    public void write(int bank, Reg reg, long value) {
        Mce inj = pcpu.injectm();
        if (inj.finished() != 0) {
            if (bank == inj.bank()) {
                Mce.Builder b = inj.toBuilder();
                switch (reg) {
                    case STATUS -> b.status(value);
                    case ADDR -> b.addr(value);
                    case MISC -> b.misc(value);
                    case SYND -> {
                    }
                }
                pcpu.injectm(b.build());
            }
            return;
        }
        switch (reg) {
            case STATUS -> pcpu.cpu().bank(bank).writeStatus(value);
            case ADDR -> pcpu.cpu().bank(bank).writeAddr(value);
            case MISC -> pcpu.cpu().bank(bank).writeMisc(value);
            case SYND -> pcpu.cpu().bank(bank).writeSynd(value);
        }
    }

    public long readMcgStatus() {
        Mce inj = pcpu.injectm();
        return inj.finished() != 0 ? inj.mcgstatus() : pcpu.cpu().mcgStatus();
    }

    public void writeMcgStatus(long v) {
        Mce inj = pcpu.injectm();
        if (inj.finished() != 0) {
            pcpu.injectm(inj.toBuilder().mcgstatus(v).build());
        } else {
            pcpu.cpu().writeMcgStatus(v);
        }
    }

    /** MSR_IA32_MCG_EIP, used when MCG_CAP.EXT_P with at least 9 extended registers. */
    public long readRipMsr() {
        Mce inj = pcpu.injectm();
        return inj.finished() != 0 ? inj.ip() : 0;
    }
}
