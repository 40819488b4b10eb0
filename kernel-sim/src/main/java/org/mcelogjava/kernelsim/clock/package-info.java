/**
 * Time for the simulated machine: a {@link org.mcelogjava.kernelsim.clock.KernelClock} that is
 * either stepped by tests ({@link org.mcelogjava.kernelsim.clock.SteppedClock}) or driven by real
 * time, optionally accelerated ({@link org.mcelogjava.kernelsim.clock.ScaledClock}), and the
 * {@link org.mcelogjava.kernelsim.clock.TimerQueue} every waiting mechanism arms.
 */
package org.mcelogjava.kernelsim.clock;
