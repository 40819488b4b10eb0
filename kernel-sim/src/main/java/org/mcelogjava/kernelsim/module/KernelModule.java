package org.mcelogjava.kernelsim.module;

/**
 * The code of a loadable module: the class a descriptor names as {@code init}, instantiated in
 * the module's own class loader. {@link #init} is {@code module_init}: it looks up the symbols the
 * module uses and defines the ones it exports; {@link #exit} is {@code module_exit}.
 */
public interface KernelModule {

    /** {@code module_init}. An exception refuses the load; nothing the module exported stays visible. */
    void init(ModuleContext ctx) throws Exception;

    /** {@code module_exit}: undo what init registered. */
    default void exit() {
    }
}
