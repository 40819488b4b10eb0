package org.mcelogjava.kernelsim.machine;

/**
 * One physical MCA bank's registers: IA32_MCi_CTL, _STATUS, _ADDR, _MISC and _CTL2 (SDM vol. 3
 * §15.3.2), and on an SMCA part also MCA_IPID and MCA_SYND (AMD PPR, "MCA Banks"; the kernel reads
 * SYND into {@code struct mce.synd} when MCA_STATUS[SyndV], {@code mce_read_aux}). A bank with
 * package or core scope is one object referenced by several {@link Cpu}s.
 *
 * <p>Besides the MSRs it models the part of the hardware that logs errors: corrected errors
 * increment the count in STATUS[52:38] and signal a CMCI when the count reaches the CTL2
 * threshold; an error arriving while STATUS is valid sets OVER (the SDM overwrite rules: an
 * uncorrected error replaces a corrected one, otherwise the first one stays).
 */
public final class McaBank {

    /** CTL2 bit 30: CMCI enable. */
    public static final long CTL2_CMCI_EN = 1L << 30;
    /** CTL2 bits 14:0: corrected-error threshold. */
    public static final long CTL2_THRESHOLD_MASK = 0x7fff;

    private static final long VAL = 1L << 63;
    private static final long OVER = 1L << 62;
    private static final long UC = 1L << 61;
    private static final long PCC = 1L << 57;
    private static final long S = 1L << 56;
    private static final long COUNT_MASK = 0x7fffL << 38;

    private final int index;
    private final BankScope scope;
    private final boolean cmciCapable;
    private final long ipid;
    private final boolean populated;
    private long ctl;
    private long status;
    private long addr;
    private long misc;
    private long synd;
    private long ctl2;

    public McaBank(int index, BankScope scope, boolean cmciCapable) {
        this(index, scope, cmciCapable, 0, true);
    }

    /**
     * @param ipid      SMCA's read-only MCA_IPID (0 without SMCA)
     * @param populated false for a bank the part does not implement: its CTL reads as zero and ignores
     *                  writes, which is how the kernel finds such a bank
     */
    public McaBank(int index, BankScope scope, boolean cmciCapable, long ipid, boolean populated) {
        this.index = index;
        this.scope = scope;
        this.cmciCapable = cmciCapable;
        this.ipid = ipid;
        this.populated = populated;
    }

    /** SMCA's MCA_IPID. */
    public long ipid() {
        return ipid;
    }

    public int index() {
        return index;
    }

    public BankScope scope() {
        return scope;
    }

    /** A (warm) reset: CTL and CTL2 go back to 0; STATUS, ADDR and MISC keep what was logged. */
    public synchronized void reset() {
        ctl = 0;
        ctl2 = 0;
    }

    public synchronized long ctl() { return ctl; }
    public synchronized long status() { return status; }
    public synchronized long addr() { return addr; }
    public synchronized long misc() { return misc; }
    public synchronized long ctl2() { return ctl2; }
    /** SMCA's MCA_SYND: 0 on a bank without SMCA. */
    public synchronized long synd() { return synd; }

    public synchronized void writeCtl(long v) { ctl = populated ? v : 0; }
    public synchronized void writeAddr(long v) { addr = v; }
    public synchronized void writeMisc(long v) { misc = v; }
    /** MCA_SYND is writable with HWCR[18] set, as {@code mce-inject}'s {@code prepare_msrs} does; no such register without SMCA. */
    public synchronized void writeSynd(long v) { synd = ipid != 0 ? v : 0; }

    /** Software may only write 0 to MCi_STATUS on Intel; AMD allows any value with HWCR[18] set. */
    public synchronized void writeStatus(long v) {
        status = v;
    }

    /** CTL2: EN only sticks on banks that support CMCI (the kernel's read-back test in cmci_discover). */
    public synchronized void writeCtl2(long v) {
        ctl2 = cmciCapable ? v & (CTL2_CMCI_EN | CTL2_THRESHOLD_MASK) : 0;
    }

    /**
     * The hardware logs an error. Returns true when a CMCI is signalled: a corrected error whose
     * running count reached the CTL2 threshold, or a UCNA error, with CMCI enabled.
     */
    public synchronized boolean log(long newStatus, long newAddr, long newMisc) {
        return log(newStatus, newAddr, newMisc, 0);
    }

    /**
     * {@link #log(long, long, long)} with the syndrome an SMCA bank logs beside ADDR and MISC in
     * MCA_SYND (ignored by a bank without SMCA, which has no such register).
     */
    public synchronized boolean log(long newStatus, long newAddr, long newMisc, long newSynd) {
        boolean corrected = (newStatus & UC) == 0;
        if (ipid != 0) {
            return logSmca(newStatus, newAddr, newMisc, newSynd);
        }
        if ((status & VAL) != 0) {
            boolean oldUc = (status & UC) != 0;
            if (!corrected && !oldUc) {
                status = (newStatus & ~COUNT_MASK) | OVER | (status & COUNT_MASK);
                addr = newAddr;
                misc = newMisc;
            } else {
                status |= OVER;
            }
        } else {
            status = newStatus & ~COUNT_MASK | (status & COUNT_MASK);
            addr = newAddr;
            misc = newMisc;
        }
        if (!corrected) {
            // UCNA (S=0, PCC=0) is signalled by CMCI, anything else uncorrected by #MC.
            boolean ucna = (newStatus & (PCC | S)) == 0;
            return ucna && (ctl2 & CTL2_CMCI_EN) != 0;
        }
        long count = Math.min(((status & COUNT_MASK) >>> 38) + 1, 0x7fff);
        status = (status & ~COUNT_MASK) | (count << 38);
        long threshold = ctl2 & CTL2_THRESHOLD_MASK;
        return (ctl2 & CTL2_CMCI_EN) != 0 && count >= Math.max(1, threshold) && count % Math.max(1, threshold) == 0;
    }

    /**
     * An SMCA bank (AMD PPR, MCA_STATUS_&lt;unit&gt;): bits 52:38 are no error count there but status
     * bits of their own (SyndV, CECC, UECC, Deferred, Poison), so they are logged as the hardware
     * gives them, under the same overwrite rules (SYND goes with the error it belongs to); there is no
     * CMCI to raise.
     */
    private boolean logSmca(long newStatus, long newAddr, long newMisc, long newSynd) {
        boolean wasValid = (status & VAL) != 0;
        if (!wasValid || (newStatus & UC) != 0 && (status & UC) == 0) {
            status = newStatus | (wasValid ? OVER : 0);
            addr = newAddr;
            misc = newMisc;
            synd = newSynd;
        } else {
            status |= OVER;
        }
        return false;
    }
}
