/**
 * The simulated hardware: {@link org.mcelogjava.kernelsim.machine.Machine} (sockets × cores ×
 * threads), {@link org.mcelogjava.kernelsim.machine.Cpu} with IA32_MCG_STATUS, and
 * {@link org.mcelogjava.kernelsim.machine.McaBank}s whose scope (thread, core, package) comes
 * from the {@link org.mcelogjava.kernelsim.machine.CpuProfile}; a shared bank is one object seen
 * by several CPUs. Nothing here knows about the kernel.
 */
package org.mcelogjava.kernelsim.machine;
