package org.mcelogjava.kernelsim.faults;

/**
 * One error the generator raised: where it appeared and the register values the bank logged.
 *
 * @param kind      what the generator chose
 * @param nanos     virtual time it appeared
 * @param cpu       CPU that saw it (the detecting CPU for #MC)
 * @param bank      MCA bank
 * @param status    MCi_STATUS written by the hardware (before the bank's count and overflow bits)
 * @param addr      MCi_ADDR, 0 without ADDRV
 * @param misc      MCi_MISC, 0 without MISCV
 * @param synd      SMCA's MCA_SYND (chip select and ECC syndrome of a UMC error, {@link UmcSyndrome}), 0 without SyndV
 * @param mcgStatus MCG_STATUS for a #MC, else 0
 * @param dimm      index of the DIMM in {@link org.mcelogjava.kernelsim.machine.DimmMap#dimms()}, or -1 for non-memory errors
 */
public record HardwareError(ErrorKind kind, long nanos, int cpu, int bank, long status, long addr, long misc,
                            long synd, long mcgStatus, int dimm) {
}
