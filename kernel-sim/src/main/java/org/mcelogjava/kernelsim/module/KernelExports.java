package org.mcelogjava.kernelsim.module;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongToIntFunction;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.mca.MceNotifier;
import org.mcelogjava.kernelsim.mm.MemoryFailureFilter;

/**
 * What the simulated kernel exports to modules, with the export type the real symbols have:
 * <ul>
 * <li>{@code printk} (EXPORT_SYMBOL): a line at KERN_INFO in the kernel log;</li>
 * <li>{@code memory_failure} (EXPORT_SYMBOL_GPL): {@code memory_failure(pfn, 0)};</li>
 * <li>{@code memory_failure_filter_register} / {@code _unregister} (EXPORT_SYMBOL_GPL): the
 *     filter at the start of memory_failure the seed suggests
 *     ({@link org.mcelogjava.kernelsim.mm.MemoryFailureFilter});</li>
 * <li>{@code mce_register_decode_chain} / {@code mce_unregister_decode_chain}
 *     (EXPORT_SYMBOL_GPL): a notifier on {@code x86_mce_decoder_chain}.</li>
 * </ul>
 */
public final class KernelExports {

    private static final String FILTER_HOOK = "java.util.function.Consumer<" + MemoryFailureFilter.class.getName() + ">";
    private static final String DECODE_HOOK = "java.util.function.Consumer<" + MceNotifier.class.getName() + ">";

    private KernelExports() {
    }

    public static List<Symbol> of(SimulatedKernel k) {
        Consumer<String> printk = s -> k.log().info(s);
        LongToIntFunction memoryFailure = pfn -> k.memoryFailure().memoryFailure(pfn, 0, null);
        Consumer<MemoryFailureFilter> addFilter = f -> k.memoryFailure().addFilter(f);
        Consumer<MemoryFailureFilter> removeFilter = f -> k.memoryFailure().removeFilter(f);
        Consumer<MceNotifier> register = n -> k.decoderChain().register(n);
        Consumer<MceNotifier> unregister = n -> k.decoderChain().unregister(n);
        return List.of(
                kernel("printk", ExportType.EXPORT_SYMBOL, "java.util.function.Consumer<java.lang.String>", printk),
                kernel("memory_failure", ExportType.EXPORT_SYMBOL_GPL, LongToIntFunction.class.getName(), memoryFailure),
                kernel("memory_failure_filter_register", ExportType.EXPORT_SYMBOL_GPL, FILTER_HOOK, addFilter),
                kernel("memory_failure_filter_unregister", ExportType.EXPORT_SYMBOL_GPL, FILTER_HOOK, removeFilter),
                kernel("mce_register_decode_chain", ExportType.EXPORT_SYMBOL_GPL, DECODE_HOOK, register),
                kernel("mce_unregister_decode_chain", ExportType.EXPORT_SYMBOL_GPL, DECODE_HOOK, unregister));
    }

    private static Symbol kernel(String name, ExportType type, String prototype, Object value) {
        return new Symbol(name, Symbol.VMLINUX, type, prototype, value);
    }
}
