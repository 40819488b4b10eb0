/**
 * Loadable modules for the simulated kernel: the seed's "modules calling each other"
 * (EXPORT_SYMBOL, Module.symvers, KBUILD_EXTRA_SYMBOLS) over Java jars.
 *
 * <h2>A module</h2>
 * A jar holding {@code META-INF/mce-module.properties} ({@link
 * org.mcelogjava.kernelsim.module.ModuleDescriptor}: name, license, the
 * {@link org.mcelogjava.kernelsim.module.KernelModule} class to run as module_init/module_exit,
 * exported symbols with EXPORT_SYMBOL or EXPORT_SYMBOL_GPL and a prototype, used symbols) and
 * its classes. It is loaded in its own class loader whose parent is kernel-sim's, so the values
 * of symbols are typed by interfaces every module can see (the JDK's functional interfaces,
 * kernel-sim's {@code MemoryFailureFilter} and {@code MceNotifier}). A module gets a symbol with
 * {@code ctx.symbol(name, type)} and defines an export with {@code ctx.export(name, value)}.
 *
 * <h2>Symbol versions and Module.symvers</h2>
 * A symbol's version is the CRC32 of its prototype string (the role of genksyms' CRC). A
 * {@link org.mcelogjava.kernelsim.module.Symvers} file lists exported symbols with their CRC,
 * owner and export type in Module.symvers' tab-separated format. {@link
 * org.mcelogjava.kernelsim.module.ModuleBuild} is modpost: given the kernel's table ({@link
 * org.mcelogjava.kernelsim.module.ModuleLoader#kernelSymvers()}) and extra tables — the
 * KBUILD_EXTRA_SYMBOLS of a module that calls another — it records the CRC of each used symbol
 * in the jar's descriptor ({@code version.SYM}, the {@code __versions} section), warns about
 * undefined ones and writes the built module's own Module.symvers for the next build. So module
 * B that calls A's function must be built with A's Module.symvers; built without it, B has no
 * version for A's symbol and the 4.0 kernel refuses it ("no symbol version", "Unknown symbol
 * (err -22)"), as the seed relates.
 *
 * <h2>Loading</h2>
 * {@link org.mcelogjava.kernelsim.module.ModuleLoader} is the in-process API a server calls:
 * {@code insmod(jar, params)}, {@code rmmod(name)}, {@code lsmod()}; refusals are
 * {@link org.mcelogjava.kernelsim.module.ModuleException}s carrying the errno and kmod's line,
 * with the kernel's lines in the kernel log. The kernel's exports are in {@link
 * org.mcelogjava.kernelsim.module.KernelExports}.
 */
package org.mcelogjava.kernelsim.module;
