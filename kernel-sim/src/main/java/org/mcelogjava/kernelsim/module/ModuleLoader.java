package org.mcelogjava.kernelsim.module;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.klog.KernelLog;
import org.mcelogjava.kernelsim.mca.KernelProfile;

/**
 * The kernel's module loader (kernel/module/main.c) with the kmod tools on top: {@link #insmod}
 * ({@code load_module}: resolve symbols, check versions, run {@code module_init}, publish
 * exports), {@link #rmmod} ({@code delete_module}) and {@link #lsmod}. Thread-safe; the calls
 * are serialised as under {@code module_mutex}.
 *
 * <p>Symbol resolution ({@code simplify_symbols} / {@code resolve_symbol}): every symbol a module
 * uses must be exported by the kernel or a loaded module. A missing one, or an
 * EXPORT_SYMBOL_GPL symbol wanted by a module whose license is not GPL-compatible, prints
 * {@code NAME: Unknown symbol SYM (err -2)}. The symbol's version recorded at build time must
 * match the exporter's: a mismatch prints {@code disagrees about version of symbol}; a missing
 * version (the build was not given the exporter's {@code Module.symvers}) prints {@code no symbol
 * version for SYM} and, in the 4.0 kernel profile, refuses the symbol with err -22 as the seed
 * describes — the 6.12 profile warns once per boot and accepts it, as mainline does since the
 * check was relaxed.
 */
public final class ModuleLoader {

    private final KernelLog log;
    private final KernelProfile profile;
    private final List<Symbol> kernelSymbols;
    private final Map<String, Symbol> symbols = new HashMap<>();
    private final Map<String, LoadedModule> modules = new LinkedHashMap<>();
    private boolean tainted;
    /** The 6.12 kernel's {@code pr_warn_once} for a missing symbol version. */
    private boolean versionWarned;

    public ModuleLoader(SimulatedKernel kernel) {
        this(kernel.log(), kernel.context().kernel(), KernelExports.of(kernel));
    }

    ModuleLoader(KernelLog log, KernelProfile profile, List<Symbol> kernelSymbols) {
        this.log = log;
        this.profile = profile;
        this.kernelSymbols = List.copyOf(kernelSymbols);
        kernelSymbols.forEach(s -> symbols.put(s.name(), s));
    }

    /** The kernel tree's {@code Module.symvers}: every symbol the kernel itself exports. */
    public Symvers kernelSymvers() {
        List<Symvers.Entry> list = new ArrayList<>();
        for (Symbol s : kernelSymbols) {
            list.add(new Symvers.Entry(s.crc(), s.name(), Symbol.VMLINUX, s.type()));
        }
        return new Symvers(list);
    }

    /**
     * Loads a module jar. Parameters are {@code module_param} values.
     *
     * @return the module's name
     */
    public synchronized String insmod(Path jar, Map<String, String> parameters) throws ModuleException {
        ModuleDescriptor d;
        long size;
        try (JarFile jf = new JarFile(jar.toFile())) {
            JarEntry e = jf.getJarEntry(ModuleDescriptor.PATH);
            if (e == null) {
                throw new IOException("no " + ModuleDescriptor.PATH);
            }
            try (InputStream in = jf.getInputStream(e)) {
                d = ModuleDescriptor.read(in);
            }
            size = jf.stream().filter(x -> !x.getName().equals(ModuleDescriptor.PATH)).mapToLong(JarEntry::getSize).sum();
        } catch (IOException ex) {
            throw refused(jar, ModuleException.ENOEXEC, ex);
        }
        if (modules.containsKey(d.name())) {
            throw refused(jar, ModuleException.EEXIST, null);
        }
        if (!d.gplCompatible()) {
            log.print(KernelLog.Level.WARNING, d.name() + ": module license '" + d.license() + "' taints kernel.");
            if (!tainted) {
                tainted = true;
                log.print(KernelLog.Level.WARNING, "Disabling lock debugging due to kernel taint");
            }
        }
        Map<String, Symbol> resolved = resolve(d, jar);
        for (String sym : new TreeMap<>(d.exports()).keySet()) {
            Symbol other = symbols.get(sym);
            if (other != null) {
                log.err(d.name() + ": exports duplicate symbol " + sym + " (owned by " + other.owner() + ")");
                throw refused(jar, ModuleException.ENOEXEC, null);
            }
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader(d.name(), new URL[] {jar.toUri().toURL()}, ModuleLoader.class.getClassLoader());
        } catch (IOException ex) {
            throw refused(jar, ModuleException.ENOEXEC, ex);
        }
        LoadedModule m = new LoadedModule(d, size, loader, parameters, resolved);
        init(m, jar);
        for (Map.Entry<String, Object> e : m.exported().entrySet()) {
            ModuleDescriptor.Export x = d.exports().get(e.getKey());
            symbols.put(e.getKey(), new Symbol(e.getKey(), d.name(), x.type(), x.prototype(), e.getValue()));
        }
        for (Symbol s : resolved.values()) {
            if (!s.owner().equals(Symbol.VMLINUX)) {
                modules.get(s.owner()).holders().add(d.name()); // ref_module()
            }
        }
        modules.put(d.name(), m);
        return d.name();
    }

    /** Unloads a module no other module uses: {@code module_exit}, then its exports disappear. */
    public synchronized void rmmod(String name) throws ModuleException {
        LoadedModule m = modules.get(name);
        if (m == null) {
            throw new ModuleException(ModuleException.ENOENT, "rmmod: ERROR: Module " + name + " is not currently loaded");
        }
        if (!m.holders().isEmpty()) {
            throw new ModuleException(ModuleException.EBUSY, "rmmod: ERROR: Module " + name + " is in use by: "
                    + String.join(" ", m.holders()));
        }
        try {
            m.instance().exit();
        } catch (RuntimeException e) {
            log.err(name + ": module_exit failed: " + e);
        }
        m.exported().keySet().forEach(symbols::remove);
        for (Symbol s : m.resolved().values()) {
            LoadedModule owner = modules.get(s.owner());
            if (owner != null) {
                owner.holders().remove(name);
            }
        }
        modules.remove(name);
        m.close();
    }

    /** The loaded modules, most recently loaded first (the order of {@code /proc/modules}). */
    public synchronized List<ModuleInfo> modules() {
        List<ModuleInfo> list = new ArrayList<>();
        for (LoadedModule m : modules.values()) {
            list.add(new ModuleInfo(m.name(), m.size(), m.holders().size(), new ArrayList<>(m.holders())));
        }
        Collections.reverse(list);
        return list;
    }

    /** lsmod's output: {@code Module  Size  Used by} and one line per module. */
    public synchronized String lsmod() {
        StringBuilder sb = new StringBuilder("Module                  Size  Used by\n");
        for (ModuleInfo m : modules()) {
            sb.append(String.format("%-19s %8d  %d", m.name(), m.size(), m.refcount()));
            if (!m.usedBy().isEmpty()) {
                sb.append(' ').append(String.join(",", m.usedBy()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The symbol currently exported under {@code name}, or null. */
    public synchronized Symbol symbol(String name) {
        return symbols.get(name);
    }

    private Map<String, Symbol> resolve(ModuleDescriptor d, Path jar) throws ModuleException {
        Map<String, Symbol> resolved = new HashMap<>();
        int err = 0;
        for (String sym : new TreeMap<>(d.uses()).keySet()) {
            Symbol s = symbols.get(sym);
            int ret = 0;
            if (s == null || s.type() == ExportType.EXPORT_SYMBOL_GPL && !d.gplCompatible()) {
                ret = ModuleException.ENOENT;
            } else if (!checkVersion(d, s)) {
                ret = ModuleException.EINVAL;
            }
            if (ret != 0) {
                log.print(KernelLog.Level.WARNING, d.name() + ": Unknown symbol " + sym + " (err -" + ret + ")");
                err = err == 0 ? ret : err;
            } else {
                resolved.put(sym, s);
            }
        }
        if (err != 0) {
            throw refused(jar, err, null);
        }
        return resolved;
    }

    /** {@code check_version()}. */
    private boolean checkVersion(ModuleDescriptor d, Symbol s) {
        Long crc = d.versions().get(s.name());
        if (crc == null) {
            if (profile == KernelProfile.V4_0) {
                log.print(KernelLog.Level.WARNING, d.name() + ": no symbol version for " + s.name());
                return false;
            }
            if (!versionWarned) { // mainline: one warning per boot, then the symbol is accepted
                versionWarned = true;
                log.print(KernelLog.Level.WARNING, d.name() + ": no symbol version for " + s.name());
            }
            return true;
        }
        if (crc != s.crc()) {
            log.print(KernelLog.Level.WARNING, d.name() + ": disagrees about version of symbol " + s.name());
            return false;
        }
        return true;
    }

    private void init(LoadedModule m, Path jar) throws ModuleException {
        ModuleDescriptor d = m.descriptor();
        try {
            Class<?> c = Class.forName(d.init(), true, m.loader());
            if (!KernelModule.class.isAssignableFrom(c)) {
                throw new ReflectiveOperationException(d.init() + " does not implement " + KernelModule.class.getName());
            }
            m.instance((KernelModule) c.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError ex) {
            m.close();
            throw refused(jar, ModuleException.ENOEXEC, ex);
        }
        try {
            m.instance().init(m);
        } catch (Exception ex) {
            m.close();
            throw refused(jar, ModuleException.EINVAL, ex);
        }
        List<String> missing = d.exports().keySet().stream().filter(s -> !m.exported().containsKey(s)).sorted().toList();
        if (!missing.isEmpty()) {
            m.instance().exit();
            m.close();
            throw refused(jar, ModuleException.ENOEXEC,
                    new IllegalStateException("init did not define exported " + String.join(", ", missing)));
        }
    }

    private static ModuleException refused(Path jar, int errno, Throwable cause) {
        String msg = "insmod: " + KmodMessages.insmodFailed(jar.toString(), errno,
                errno == ModuleException.EEXIST ? "File exists" : "errno " + errno);
        return cause == null ? new ModuleException(errno, msg)
                : new ModuleException(errno, msg + " (" + cause.getMessage() + ")", cause);
    }
}
