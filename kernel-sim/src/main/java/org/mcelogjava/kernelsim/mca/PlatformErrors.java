package org.mcelogjava.kernelsim.mca;

import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.kernelsim.machine.Cpu;
import org.mcelogjava.kernelsim.machine.McaBank;

/**
 * The hardware side of an error: the bank logs it (count, overflow), a corrected error that
 * reaches the CTL2 threshold raises CMCI on every CPU that sees the bank, and a signalled
 * uncorrected error raises #MC — on the detecting CPU only for a local machine check (LMCES, or
 * any AMD #MC), otherwise broadcast to every CPU, which meet in the rendezvous.
 */
public final class PlatformErrors {

    private static final long UC = 1L << 61;
    private static final long PCC = 1L << 57;
    private static final long S = 1L << 56;
    private static final long MCIP = 4;
    private static final long RIPV = 1;
    private static final long LMCES = 8;

    private final McaContext ctx;
    private final MachineCheckHandler handler;
    private final Cmci cmci;
    private final CpuInterleaver interleaver;
    private final DeferredWork deferred;

    public PlatformErrors(McaContext ctx, MachineCheckHandler handler, Cmci cmci, CpuInterleaver interleaver,
                          DeferredWork deferred) {
        this.ctx = ctx;
        this.handler = handler;
        this.cmci = cmci;
        this.interleaver = interleaver;
        this.deferred = deferred;
    }

    /**
     * An error appears in {@code bank} as seen from {@code cpu}.
     *
     * @param mcgStatus MCG_STATUS of the detecting CPU if this raises #MC (others see MCIP|RIPV)
     * @param regs      interrupted registers of the detecting CPU for #MC
     */
    public void error(int cpu, int bank, long status, long addr, long misc, long mcgStatus, Regs regs) {
        error(cpu, bank, status, addr, misc, 0, mcgStatus, regs);
    }

    /**
     * {@link #error(int, int, long, long, long, long, Regs)} on an SMCA bank that also logs a
     * syndrome in MCA_SYND ({@code synd}; a bank without SMCA has no such register).
     */
    public void error(int cpu, int bank, long status, long addr, long misc, long synd, long mcgStatus, Regs regs) {
        Cpu c = ctx.machine().cpu(cpu);
        McaBank b = c.bank(bank);
        // Without SER every UC error is signalled by #MC; with SER an S=0, PCC=0 one is UCNA (CMCI).
        boolean signalled = (status & UC) != 0 && (!ctx.ser() || (status & (S | PCC)) != 0);
        boolean cmciRaised = b.log(status, addr, misc, synd);
        if (signalled) {
            if (!machineCheck(cpu, mcgStatus, regs)) {
                return;
            }
        } else if (cmciRaised && cmci.supported()) {
            for (Cpu other : ctx.machine().cpus()) {
                if (other.bank(bank) == b) {
                    cmci.interrupt(other.number());
                }
            }
        }
        deferred.drain();
    }

    /** A corrected error (VAL|EN, with the given MCA code) in a bank, CMCI as the hardware decides. */
    public void corrected(int cpu, int bank, int mcacod) {
        error(cpu, bank, 0x9000000000000000L | (mcacod & 0xffff), 0, 0, 0, null);
    }

    /** Deliver #MC: to {@code cpu} alone for LMCE/AMD, else to every CPU. Returns false if the machine panicked. */
    public boolean machineCheck(int cpu, long mcgStatus, Regs regs) {
        boolean lmceEnabled = ctx.kernel().supportsLmce() && ctx.machine().profile().lmceEnabled()
                && !ctx.config().lmceDisabled();
        long mcg = lmceEnabled ? mcgStatus : mcgStatus & ~LMCES; // MCG_EXT_CTL.LMCE_EN off: always broadcast
        boolean local = !ctx.intelLike() || (mcg & LMCES) != 0;
        List<CpuInterleaver.Arrival> round = new ArrayList<>();
        for (Cpu other : ctx.machine().cpus()) {
            int n = other.number();
            if (n == cpu) {
                other.writeMcgStatus(mcg);
                round.add(new CpuInterleaver.Arrival(n, 0, () -> handler.doMachineCheck(n, regs)));
            } else if (!local) {
                other.writeMcgStatus(MCIP | RIPV);
                round.add(new CpuInterleaver.Arrival(n, 0, () -> handler.doMachineCheck(n, Regs.interruptedKernel())));
            }
        }
        try {
            interleaver.run(round);
            return true;
        } catch (KernelPanic halted) {
            return false; // the machine is down; the panic is in the log
        }
    }
}
