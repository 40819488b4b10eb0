package org.mcelogjava.kernelsim.module;

import java.io.IOException;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A module in the kernel ({@code struct module}): its descriptor, class loader and instance, the
 * modules whose symbols it uses and the modules that use its symbols ({@code source_list} /
 * {@code target_list}, what lsmod prints as "Used by").
 */
final class LoadedModule implements ModuleContext {

    private final ModuleDescriptor descriptor;
    private final long size;
    private final URLClassLoader loader;
    private final Map<String, String> parameters;
    private final Map<String, Symbol> resolved;
    private final Map<String, Object> exported = new HashMap<>();
    private final Set<String> holders = new LinkedHashSet<>();
    private KernelModule instance;

    LoadedModule(ModuleDescriptor descriptor, long size, URLClassLoader loader, Map<String, String> parameters,
                 Map<String, Symbol> resolved) {
        this.descriptor = descriptor;
        this.size = size;
        this.loader = loader;
        this.parameters = Map.copyOf(parameters);
        this.resolved = Map.copyOf(resolved);
    }

    ModuleDescriptor descriptor() { return descriptor; }
    long size() { return size; }
    URLClassLoader loader() { return loader; }
    Set<String> holders() { return holders; }
    Map<String, Object> exported() { return exported; }
    Map<String, Symbol> resolved() { return resolved; }
    KernelModule instance() { return instance; }
    void instance(KernelModule m) { instance = m; }

    @Override
    public String name() {
        return descriptor.name();
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public <T> T symbol(String name, Class<T> type) {
        Symbol s = resolved.get(name);
        if (s == null) {
            throw new IllegalArgumentException(name() + ": symbol " + name + " is not declared under use.");
        }
        if (!type.isInstance(s.value())) {
            throw new IllegalArgumentException(name() + ": symbol " + name + " is a " + s.prototype() + ", not a "
                    + type.getName());
        }
        return type.cast(s.value());
    }

    @Override
    public void export(String name, Object value) {
        ModuleDescriptor.Export e = descriptor.exports().get(name);
        if (e == null) {
            throw new IllegalArgumentException(name() + ": symbol " + name + " is not declared under export.");
        }
        Class<?> type;
        try {
            type = Class.forName(Symbol.erasure(e.prototype()), false, loader);
        } catch (ClassNotFoundException ex) {
            throw new IllegalArgumentException(name() + ": unknown type " + e.prototype() + " of " + name, ex);
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(name() + ": " + name + " must be a " + e.prototype());
        }
        exported.put(name, value);
    }

    void close() {
        try {
            loader.close();
        } catch (IOException e) {
            // the jar stays open until the loader is collected; nothing else depends on it
        }
    }
}
