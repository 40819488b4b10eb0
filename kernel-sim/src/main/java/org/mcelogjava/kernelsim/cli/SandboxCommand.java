package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.mcelogjava.kernelsim.fuse.Sandbox;

/**
 * {@code mce-sim sandbox [--mount DIR] -- CMD ARGS...}: runs an unmodified program against the
 * simulated machine mounted at DIR ({@link Sandbox}). Exit status: the command's own, or 1 when the
 * sandbox cannot be made (one line on stderr saying why).
 */
final class SandboxCommand {

    static final String PROGRAM = "mce-sim sandbox";
    /** Where {@code mce-sim run --mount} is expected to have mounted the machine when --mount is not given. */
    static final String DEFAULT_MOUNT = "/run/mce-sim/machine";

    static final String USAGE = "mce-sim sandbox [--mount DIR] -- COMMAND [ARGS...]";

    static final String HELP = """
            usage: %s

            Runs COMMAND in a private mount namespace where the files of the simulated machine that
            mce-sim run --mount DIR serves are bind-mounted over the real ones: /dev/mcelog,
            /proc/cpuinfo, /proc/interrupts, /sys/devices/system/machinecheck,
            /sys/devices/system/cpu, /sys/devices/system/memory/{soft,hard}_offline_page and
            /sys/firmware/dmi. An unmodified program (the stock mcelog, a script, an agent) sees the
            simulated CPUs and their errors, and its page and CPU offlining reach the simulator.
            Nothing changes outside the namespace. Needs root, FUSE and mount namespaces.

            Options:
              --mount DIR   where mce-sim run --mount mounted the machine (default %s)
              --help        this text
              --version     the version of mce-sim and of mcelog it is compatible with

            Exit status: COMMAND's own; 1 on a usage error or when the sandbox cannot be made (no
            machine mounted at DIR, no permission to create a mount namespace).

            Example (the stock mcelog against the simulator):
              mce-sim run --mount %s &
              mce-sim sandbox -- mcelog --daemon --foreground --pidfile /tmp/mcelog.pid
            """.formatted(USAGE, DEFAULT_MOUNT, DEFAULT_MOUNT);

    private SandboxCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (Cli.wantsHelp(args)) {
            out.print(HELP);
            return Cli.OK;
        }
        if (Cli.wantsVersion(args)) {
            return Cli.version(out, "mce-sim");
        }
        String mount = DEFAULT_MOUNT;
        int i = 0;
        for (; i < args.size() && !args.get(i).equals("--"); i++) {
            String a = args.get(i);
            if (a.equals("--mount") && i + 1 < args.size()) {
                mount = args.get(++i);
            } else if (a.equals("--mount")) {
                return Cli.usageError(err, PROGRAM, "--mount needs a value");
            } else if (a.startsWith("-")) {
                return Cli.usageError(err, PROGRAM, "unknown option '" + a + "'");
            } else {
                return Cli.usageError(err, PROGRAM, "expected -- before the command '" + a + "'");
            }
        }
        if (i >= args.size()) {
            return Cli.usageError(err, PROGRAM, "missing '-- COMMAND'");
        }
        if (i + 1 >= args.size()) {
            return Cli.usageError(err, PROGRAM, "missing command after --");
        }
        Sandbox sandbox = new Sandbox(Path.of(mount));
        try {
            sandbox.check();
            return sandbox.run(args.subList(i + 1, args.size()));
        } catch (Sandbox.SandboxUnavailableException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return Cli.FAILED;
        } catch (IOException e) {
            err.println(PROGRAM + ": cannot run " + args.get(i + 1) + ": " + e.getMessage());
            return Cli.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Cli.FAILED;
        }
    }
}
