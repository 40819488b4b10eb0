/**
 * The part of mm/ the MCA code calls: {@link org.mcelogjava.kernelsim.mm.MemoryFailure}
 * ({@code memory_failure}, {@code soft_offline_page}, {@code hard_offline_page}) and
 * {@link org.mcelogjava.kernelsim.mm.MemoryFailureQueue} ({@code memory_failure_queue}) over
 * {@link org.mcelogjava.kernelsim.mm.PhysicalMemory} pages and the simulated
 * {@link org.mcelogjava.kernelsim.mm.Task}s that map them and receive SIGBUS.
 */
package org.mcelogjava.kernelsim.mm;
