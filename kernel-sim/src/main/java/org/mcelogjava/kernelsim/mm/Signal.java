package org.mcelogjava.kernelsim.mm;

/**
 * A SIGBUS delivered to a simulated task, as {@code force_sig_mceerr} / {@code send_sig_mceerr}
 * / {@code force_sig} deliver it.
 *
 * @param pid    the task
 * @param code   si_code: BUS_MCEERR_AR, BUS_MCEERR_AO, or SI_KERNEL for a plain {@code force_sig(SIGBUS)}
 * @param addr   si_addr (virtual address), 0 for a plain SIGBUS
 * @param lsb    si_addr_lsb (page shift of the mapping), 0 for a plain SIGBUS
 */
public record Signal(int pid, Code code, long addr, int lsb) {

    public static final int SIGBUS = 7;

    /** si_code values. */
    public enum Code {
        BUS_MCEERR_AR(4), BUS_MCEERR_AO(5), SI_KERNEL(0x80);

        private final int value;

        Code(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }
}
