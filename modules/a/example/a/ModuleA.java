package example.a;

import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import org.mcelogjava.kernelsim.module.KernelModule;
import org.mcelogjava.kernelsim.module.ModuleContext;

/** The seed's module A: EXPORT_SYMBOL(a_add). */
public final class ModuleA implements KernelModule {

    @Override
    @SuppressWarnings("unchecked")
    public void init(ModuleContext ctx) {
        Consumer<String> printk = ctx.symbol("printk", Consumer.class);
        IntUnaryOperator add = x -> x + 1;
        ctx.export("a_add", add);
        printk.accept("a: init, exporting a_add");
    }
}
