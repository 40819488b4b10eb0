package example.pfnfilter;

import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.mcelogjava.kernelsim.mm.MemoryFailureFilter;
import org.mcelogjava.kernelsim.module.KernelModule;
import org.mcelogjava.kernelsim.module.ModuleContext;

/** Registers a filter at the start of memory_failure that skips the pfns given as {@code pfns=}. */
public final class PfnFilter implements KernelModule {

    private Consumer<MemoryFailureFilter> unregister;
    private MemoryFailureFilter filter;

    @Override
    @SuppressWarnings("unchecked")
    public void init(ModuleContext ctx) {
        Set<Long> pfns = Stream.of(ctx.parameters().getOrDefault("pfns", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Long::decode).collect(Collectors.toUnmodifiableSet());
        Consumer<MemoryFailureFilter> register = ctx.symbol("memory_failure_filter_register", Consumer.class);
        unregister = ctx.symbol("memory_failure_filter_unregister", Consumer.class);
        filter = (pfn, flags) -> pfns.contains(pfn);
        register.accept(filter);
        ctx.symbol("printk", Consumer.class).accept("pfnfilter: skipping " + pfns.size() + " pfns");
    }

    @Override
    public void exit() {
        unregister.accept(filter);
    }
}
