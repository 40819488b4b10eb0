package org.mcelogjava.kernelsim.module;

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
 * Builds the example modules of {@code src/test/resources/modules/NAME/} (a descriptor and Java
 * sources) the way a module's Makefile would: javac against kernel-sim, then {@link ModuleBuild}
 * with the kernel's Module.symvers and any extra symbol tables.
 */
final class ModuleFixtures {

    private final Path work;
    private final Symvers kernel;

    ModuleFixtures(Path work, Symvers kernel) {
        this.work = work;
        this.kernel = kernel;
    }

    /** Builds module {@code name} into {@code work/outName/}, with {@code extra} as KBUILD_EXTRA_SYMBOLS. */
    ModuleBuild.Result build(String name, String outName, Path... extra) throws IOException {
        Path src = resource("/modules/" + name);
        Path classes = work.resolve(outName + "-classes");
        Files.createDirectories(classes);
        List<String> options = List.of("-d", classes.toString(), "-classpath", classpath(), "-proc:none",
                "-Xlint:all", "-Werror");
        List<String> sources;
        try (Stream<Path> walk = Files.walk(src)) {
            sources = walk.map(Path::toString).filter(p -> p.endsWith(".java")).sorted().toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter err = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            if (!javac.getTask(err, files, null, options, null, files.getJavaFileObjectsFromStrings(sources)).call()) {
                throw new IOException("javac failed for module " + name + ": " + err);
            }
        }
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(src.resolve("mce-module.properties"))) {
            d = ModuleDescriptor.read(in);
        }
        List<Symvers> tables = new ArrayList<>(List.of(kernel));
        for (Path p : extra) {
            tables.add(Symvers.read(p));
        }
        return new ModuleBuild(tables).build(d, classes, work.resolve(outName));
    }

    private static String classpath() {
        return location(KernelModule.class) + java.io.File.pathSeparator + location(Mce.class);
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(ModuleFixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
