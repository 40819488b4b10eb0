package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.module.ModuleBuild;
import org.mcelogjava.kernelsim.module.ModuleCompiler;
import org.mcelogjava.kernelsim.module.ModuleLoader;

/**
 * {@code mce-sim modbuild OUT_DIR SRC_DIR...}: builds module source directories as kbuild would,
 * in the order given, into {@code OUT_DIR/NAME/} (the jar and its Module.symvers). Each module is
 * built with the Module.symvers of those before it as {@code KBUILD_EXTRA_SYMBOLS}, so a module
 * that uses another's exports follows it on the command line. Needs a JDK (javac).
 */
final class ModbuildCommand {

    static final String USAGE = "usage: mce-sim modbuild OUT_DIR SRC_DIR... (each SRC_DIR has mce-module.properties)";

    private static final String PROGRAM = "mce-sim modbuild";
    private static final String HELP = USAGE + """


            Builds module source directories as kbuild would, in the order given, into OUT_DIR/NAME/
            (the jar and its Module.symvers). Each module is built with the Module.symvers of those
            before it, so a module that uses another's exports follows it on the command line.
            Needs a JDK (javac). Load the jars with mce-sim insmod.

              --help, --version

            Exit status: 0, or 1 on a usage error or a module that does not build (named, with why).
            """;

    private ModbuildCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (Cli.wantsHelp(args)) {
            out.print(HELP);
            return Cli.OK;
        }
        if (Cli.wantsVersion(args)) {
            return Cli.version(out, "mce-sim");
        }
        for (String a : args) {
            if (a.startsWith("-") && a.length() > 1) {
                return Cli.usageError(err, PROGRAM, "unknown option '" + a + "'");
            }
        }
        if (args.size() < 2) {
            return Cli.usageError(err, PROGRAM, args.isEmpty() ? "missing OUT_DIR and SRC_DIR" : "missing SRC_DIR");
        }
        Path outDir = Path.of(args.get(0));
        SimulatedKernel kernel = new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(), Topology.flat(1)))
                .kernel(KernelProfile.V6_12).startTimers(false).boot();
        ModuleCompiler compiler = new ModuleCompiler(new ModuleLoader(kernel).kernelSymvers());
        List<Path> built = new ArrayList<>();
        for (String src : args.subList(1, args.size())) {
            Path dir = Path.of(src);
            try {
                ModuleBuild.Result r = compiler.build(dir, outDir.resolve(dir.getFileName()), built);
                r.warnings().forEach(err::println);
                out.println("  LD [M]  " + r.jar());
                built.add(r.symvers());
            } catch (IOException | RuntimeException e) {
                err.println(PROGRAM + ": cannot build " + src + ": "
                        + (e instanceof FileSystemException f && f.getFile() != null ? f.getFile() + ": " : "")
                        + IoReason.of(e));
                return Cli.FAILED;
            }
        }
        return 0;
    }
}
