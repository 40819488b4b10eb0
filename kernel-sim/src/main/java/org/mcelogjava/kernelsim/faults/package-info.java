/**
 * A fault generator for the simulated machine: DIMMs that go bad and keep producing corrected
 * errors at heavy-tailed rates, the occasional uncorrected memory error, and background cache
 * and interconnect errors, all raised as hardware errors in MCA bank registers on the kernel's
 * timer queue (so they run in virtual time and are found by the poll timer, CMCI and #MC).
 *
 * <p>{@link org.mcelogjava.kernelsim.faults.FaultGenerator} is the entry point;
 * {@link org.mcelogjava.kernelsim.faults.FaultProfile} holds the field-study rates;
 * {@link org.mcelogjava.kernelsim.machine.DimmMap} (the machine's) lays physical memory out on DIMMs;
 * {@link org.mcelogjava.kernelsim.faults.BankLayout} encodes an error for a CPU model's banks.
 */
package org.mcelogjava.kernelsim.faults;
