package org.mcelogjava.kernelsim.module;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.mcelogjava.protocol.mce.Mce;

/**
 * What a module's Makefile does with kbuild: compiles a module's source directory (its
 * {@code mce-module.properties} and Java sources) against the kernel's classes, then runs
 * {@link ModuleBuild} (modpost and packaging) with the kernel's Module.symvers and any extra
 * symbol tables ({@code KBUILD_EXTRA_SYMBOLS}).
 */
public final class ModuleCompiler {

    private final Symvers kernel;

    /** @param kernel the kernel's Module.symvers ({@link ModuleLoader#kernelSymvers()}) */
    public ModuleCompiler(Symvers kernel) {
        this.kernel = kernel;
    }

    /**
     * Builds the module in {@code src} into {@code out} (the jar and its Module.symvers).
     *
     * @param extra other modules' Module.symvers files whose symbols this module uses
     * @throws IOException javac's errors, or an unreadable source directory
     */
    public ModuleBuild.Result build(Path src, Path out, List<Path> extra) throws IOException {
        Path classes = Files.createTempDirectory("mce-module-classes");
        try {
            compile(src, classes);
            ModuleDescriptor d;
            try (InputStream in = Files.newInputStream(src.resolve("mce-module.properties"))) {
                d = ModuleDescriptor.read(in);
            }
            List<Symvers> tables = new ArrayList<>(List.of(kernel));
            for (Path p : extra) {
                tables.add(Symvers.read(p));
            }
            return new ModuleBuild(tables).build(d, classes, out);
        } finally {
            deleteTree(classes);
        }
    }

    private static void compile(Path src, Path classes) throws IOException {
        List<String> sources;
        try (Stream<Path> walk = Files.walk(src)) {
            sources = walk.map(Path::toString).filter(p -> p.endsWith(".java")).sorted().toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IOException("no Java compiler: building modules needs a JDK, not a JRE");
        }
        List<String> options = List.of("-d", classes.toString(), "-classpath", classpath(), "-proc:none",
                "-Xlint:all", "-Werror");
        StringWriter err = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            if (!javac.getTask(err, files, null, options, null, files.getJavaFileObjectsFromStrings(sources)).call()) {
                throw new IOException("javac failed for module " + src + ":\n" + err);
            }
        }
    }

    /** The kernel's classes and the protocol's, which a module may use. */
    private static String classpath() {
        return location(KernelModule.class) + File.pathSeparator + location(Mce.class);
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
