package example.nvfilter;

import java.util.function.Consumer;
import org.mcelogjava.kernelsim.mm.MemoryFailureFilter;
import org.mcelogjava.kernelsim.module.KernelModule;
import org.mcelogjava.kernelsim.module.ModuleContext;

/** Would filter every page; never loads because its license is not GPL-compatible. */
public final class NvFilter implements KernelModule {

    @Override
    @SuppressWarnings("unchecked")
    public void init(ModuleContext ctx) {
        MemoryFailureFilter all = (pfn, flags) -> true;
        ctx.symbol("memory_failure_filter_register", Consumer.class).accept(all);
    }
}
