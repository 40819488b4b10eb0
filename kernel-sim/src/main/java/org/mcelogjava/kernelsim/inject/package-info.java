/**
 * Error injection: the mce-inject user-space tool (its language:
 * {@link org.mcelogjava.kernelsim.inject.InjectLexer}, {@link org.mcelogjava.kernelsim.inject.InjectParser};
 * its delivery: {@link org.mcelogjava.kernelsim.inject.MceInjectTool}), the kernel's mce-inject
 * module behind {@code /dev/mcelog} writes ({@link org.mcelogjava.kernelsim.inject.KernelInjector},
 * {@code raise_mce}) and its debugfs interface ({@link org.mcelogjava.kernelsim.inject.DebugfsInjector}).
 */
package org.mcelogjava.kernelsim.inject;
