package org.mcelogjava.kernelsim.module;

import java.util.Map;

/** What a module's {@link KernelModule#init} sees: its resolved symbols, its exports and its parameters. */
public interface ModuleContext {

    /** The module's name. */
    String name();

    /** {@code module_param} values given to insmod ({@code name=value}). */
    Map<String, String> parameters();

    /**
     * A symbol the descriptor lists under {@code use.}, resolved when the module was loaded.
     *
     * @throws IllegalArgumentException for a symbol the module did not declare or of another type
     */
    <T> T symbol(String name, Class<T> type);

    /**
     * Defines a symbol the descriptor lists under {@code export.}: {@code EXPORT_SYMBOL(name)}.
     *
     * @throws IllegalArgumentException for an undeclared symbol or a value not of the declared type
     */
    void export(String name, Object value);
}
