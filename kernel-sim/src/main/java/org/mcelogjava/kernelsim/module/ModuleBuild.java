package org.mcelogjava.kernelsim.module;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The last step of a module build, kbuild's {@code modpost} plus packaging: resolves the module's
 * used symbols against symbol table files — the kernel's {@code Module.symvers} and any given as
 * {@code KBUILD_EXTRA_SYMBOLS} — records the version of each one it finds in the descriptor
 * ({@code __versions}), warns {@code WARNING: modpost: "sym" [name] undefined!} for the others,
 * writes the jar and the module's own {@code Module.symvers} next to it.
 *
 * <p>A module built without the table of a module it calls still builds, with the warning; the
 * kernel refuses it at load time for want of a symbol version (see {@link ModuleLoader}).
 */
public final class ModuleBuild {

    /**
     * What a build produced.
     *
     * @param jar      the module jar, {@code NAME.jar}
     * @param symvers  the module's {@code Module.symvers}
     * @param warnings modpost's warnings
     */
    public record Result(Path jar, Path symvers, List<String> warnings) {
    }

    private final List<Symvers> symbolTables;

    /** @param symbolTables the kernel's table first, then the extra ones ({@code KBUILD_EXTRA_SYMBOLS}) */
    public ModuleBuild(List<Symvers> symbolTables) {
        this.symbolTables = List.copyOf(symbolTables);
    }

    /**
     * Builds {@code module} from compiled classes.
     *
     * @param classes directory of compiled classes and resources to package
     * @param outDir  where {@code NAME.jar} and {@code Module.symvers} are written
     */
    public Result build(ModuleDescriptor module, Path classes, Path outDir) throws IOException {
        Map<String, Long> versions = new TreeMap<>();
        List<String> warnings = new ArrayList<>();
        for (String sym : new TreeMap<>(module.uses()).keySet()) {
            Symvers.Entry found = null;
            for (Symvers t : symbolTables) {
                found = t.find(sym);
                if (found != null) {
                    break;
                }
            }
            if (found == null) {
                warnings.add("WARNING: modpost: \"" + sym + "\" [" + module.name() + "] undefined!");
            } else {
                versions.put(sym, found.crc());
            }
        }
        ModuleDescriptor built = module.withVersions(versions);
        Files.createDirectories(outDir);
        Path jar = outDir.resolve(module.name() + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(entry(ModuleDescriptor.PATH));
            built.write(j);
            j.closeEntry();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(classes)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                j.putNextEntry(entry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
        Path symvers = outDir.resolve("Module.symvers");
        Symvers.of(built).write(symvers);
        return new Result(jar, symvers, List.copyOf(warnings));
    }

    /** Entries with a fixed time, so the same input gives the same jar. */
    private static JarEntry entry(String name) {
        JarEntry e = new JarEntry(name);
        e.setTime(0);
        return e;
    }
}
