package example.b;

import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import org.mcelogjava.kernelsim.module.KernelModule;
import org.mcelogjava.kernelsim.module.ModuleContext;

/** The seed's module B: calls a_add, exported by module A. */
public final class ModuleB implements KernelModule {

    @Override
    @SuppressWarnings("unchecked")
    public void init(ModuleContext ctx) {
        Consumer<String> printk = ctx.symbol("printk", Consumer.class);
        IntUnaryOperator add = ctx.symbol("a_add", IntUnaryOperator.class);
        printk.accept("b: a_add(41) = " + add.applyAsInt(41));
    }
}
