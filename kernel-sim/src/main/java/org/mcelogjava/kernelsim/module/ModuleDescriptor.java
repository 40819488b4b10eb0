package org.mcelogjava.kernelsim.module;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code META-INF/mce-module.properties}: what {@code .modinfo}, {@code __ksymtab} and the
 * undefined symbols of a {@code .ko} say.
 *
 * <pre>
 * name=b
 * license=GPL
 * init=example.b.ModuleB
 * export.b_twice=EXPORT_SYMBOL java.util.function.IntUnaryOperator
 * use.a_add=java.util.function.IntUnaryOperator
 * version.a_add=0x5c1d0e32
 * </pre>
 *
 * A symbol's type is its prototype: the Java type its value has (generic arguments allowed, only
 * the erasure is checked at run time); its CRC32 is the symbol's version. {@code version.}
 * lines are the {@code __versions} section: the build ({@link ModuleBuild}) writes one for every
 * used symbol it found in a symbol table file.
 *
 * @param name     module name (what lsmod shows and rmmod takes)
 * @param license  {@code MODULE_LICENSE}
 * @param init     class implementing {@link KernelModule}
 * @param exports  exported symbols
 * @param uses     used symbols and their prototypes
 * @param versions CRCs of used symbols recorded at build time
 */
public record ModuleDescriptor(String name, String license, String init, Map<String, Export> exports,
                               Map<String, String> uses, Map<String, Long> versions) {

    /** Where the descriptor lives in a module jar. */
    public static final String PATH = "META-INF/mce-module.properties";

    /** The licenses {@code license_is_gpl_compatible()} accepts. */
    private static final Set<String> GPL_COMPATIBLE = Set.of("GPL", "GPL v2", "GPL and additional rights",
            "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL");

    /** One exported symbol: how it is exported and its prototype. */
    public record Export(ExportType type, String prototype) {
    }

    public ModuleDescriptor {
        if (name == null || !name.matches("[A-Za-z0-9_]{1,55}")) {
            throw new IllegalArgumentException("bad module name '" + name + "'");
        }
        exports = Map.copyOf(exports);
        uses = Map.copyOf(uses);
        versions = Map.copyOf(versions);
    }

    /** {@code license_is_gpl_compatible()}. */
    public boolean gplCompatible() {
        return GPL_COMPATIBLE.contains(license);
    }

    /** The same module with the given build-time versions. */
    public ModuleDescriptor withVersions(Map<String, Long> v) {
        return new ModuleDescriptor(name, license, init, exports, uses, v);
    }

    /** Reads a descriptor; a missing or malformed key is reported with the key. */
    public static ModuleDescriptor read(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        Map<String, Export> exports = new TreeMap<>();
        Map<String, String> uses = new TreeMap<>();
        Map<String, Long> versions = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            String v = p.getProperty(key).trim();
            if (key.startsWith("export.")) {
                String[] parts = v.split("\\s+", 2);
                if (parts.length != 2) {
                    throw new IOException(key + ": expected 'EXPORT_SYMBOL[_GPL] TYPE', got '" + v + "'");
                }
                try {
                    exports.put(key.substring(7), new Export(ExportType.valueOf(parts[0]), parts[1]));
                } catch (IllegalArgumentException e) {
                    throw new IOException(key + ": unknown export type " + parts[0], e);
                }
            } else if (key.startsWith("use.")) {
                uses.put(key.substring(4), v);
            } else if (key.startsWith("version.")) {
                try {
                    versions.put(key.substring(8), Long.decode(v));
                } catch (NumberFormatException e) {
                    throw new IOException(key + ": bad CRC " + v, e);
                }
            }
        }
        try {
            return new ModuleDescriptor(required(p, "name"), required(p, "license"), required(p, "init"), exports,
                    uses, versions);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Writes the descriptor, keys sorted. */
    public void write(OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write("name=" + name + "\nlicense=" + license + "\ninit=" + init + "\n");
        for (Map.Entry<String, Export> e : new TreeMap<>(exports).entrySet()) {
            w.write("export." + e.getKey() + "=" + e.getValue().type() + " " + e.getValue().prototype() + "\n");
        }
        for (Map.Entry<String, String> e : new TreeMap<>(uses).entrySet()) {
            w.write("use." + e.getKey() + "=" + e.getValue() + "\n");
        }
        for (Map.Entry<String, Long> e : new TreeMap<>(versions).entrySet()) {
            w.write(String.format("version.%s=0x%08x\n", e.getKey(), e.getValue()));
        }
        w.flush();
    }

    private static String required(Properties p, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IOException("module descriptor lacks '" + key + "'");
        }
        return v.trim();
    }
}
