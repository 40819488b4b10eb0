package org.mcelogjava.kernelsim.module;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the example modules (the repository's {@code modules/NAME/}, on the test classpath as
 * {@code /modules/NAME}) with {@link ModuleCompiler}, as the tree's build does.
 */
final class ModuleFixtures {

    private final Path work;
    private final ModuleCompiler compiler;

    ModuleFixtures(Path work, Symvers kernel) {
        this.work = work;
        this.compiler = new ModuleCompiler(kernel);
    }

    /** Builds module {@code name} into {@code work/outName/}, with {@code extra} as KBUILD_EXTRA_SYMBOLS. */
    ModuleBuild.Result build(String name, String outName, Path... extra) throws IOException {
        return compiler.build(resource("/modules/" + name), work.resolve(outName), List.of(extra));
    }

    private static Path resource(String name) {
        try {
            return Path.of(ModuleFixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
