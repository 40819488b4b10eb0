package org.mcelogjava.kernelsim.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code mce-sim} command line. Subcommands: {@code run} (the simulator as a service, see
 * {@link RunCommand}), {@code replay} (the injection conformance run), {@code sysfs}, {@code sandbox}
 * (an unmodified program against the mounted machine, {@link SandboxCommand}),
 * {@code insmod}/{@code rmmod}/{@code lsmod}, {@code modbuild} and {@code bench [FACTOR]}
 * (poll-timer and rendezvous figures, see {@link BenchCommand}). {@code mce-sim --help} and
 * {@code mce-sim SUBCOMMAND --help} print the usage on stdout, {@code --version} the version
 * ({@link Cli}). Exit status: 0 on success (a simulated panic is an outcome, not an error), 1 on a
 * usage error, an I/O error, or when the input has a syntax error (the JSON is still printed).
 */
public final class MceSim {

    private static final String PROGRAM = "mce-sim";

    private MceSim() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** The overview {@code mce-sim --help} prints. */
    static final String HELP = """
            usage: mce-sim COMMAND [OPTIONS]
                   mce-sim --help | --version

            A simulated x86 kernel machine-check (MCA) subsystem.

            Commands (mce-sim COMMAND --help for each):
              run      run the simulator in the foreground, serving /dev/mcelog and its sysfs/debugfs
                       files on a Unix socket until SIGTERM
              replay   boot a fresh machine, inject an mce-inject file, run it to quiet or panic in
                       virtual time and report the kernel's outcome:
                       %s
              sysfs    read, write or list the running simulator's sysfs/debugfs files:
                       %s
              sandbox  run an unmodified program against the machine mce-sim run --mount serves:
                       %s
              insmod   load a module jar into the running simulator: mce-sim insmod JAR [name=value...]
              rmmod    unload a module: mce-sim rmmod NAME
              lsmod    list the loaded modules
              dmesg    print the running simulator's kernel log as dmesg does: %s
              modbuild build module sources into jars as kbuild would:
                       %s
              bench    poll timers of 1,024 CPUs x 32 banks through a simulated day, and 256-CPU #MC
                       rendezvous: %s

            Exit status: 0 success; 1 usage error, unreadable file, unreachable simulator, refused
            operation, or an injection file with an error.

            Examples:
              mce-sim run --socket /tmp/mce.sock --cpus 8
              mce-sim run --faults default --clock accelerated:1440 --socket /tmp/mce.sock
              mce-sim replay --json errors.inject
              mce-inject --socket /tmp/mce.sock errors.inject     (inject into a running simulator)
              mce-sim sysfs --socket /tmp/mce.sock write /sys/devices/system/cpu/cpu3/online 0
              mce-sim run --mount /run/mce-sim/machine &   then   mce-sim sandbox -- mcelog --daemon
            """.formatted(ReplayOptions.USAGE, SysfsCommand.USAGE, SandboxCommand.USAGE, DmesgCommand.USAGE,
                    ModbuildCommand.USAGE, BenchCommand.USAGE);

    /** Runs the command line; returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            return Cli.usageError(err, PROGRAM, "missing command");
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (command) {
            case "--help", "-h", "help" -> {
                out.print(HELP);
                yield Cli.OK;
            }
            case "--version" -> Cli.version(out, PROGRAM);
            case "run" -> RunCommand.run(rest, out, err);
            case "replay" -> ReplayCommand.cli(rest, out, err);
            case "sysfs" -> SysfsCommand.run(rest, System.getenv(), out, err);
            case "sandbox" -> SandboxCommand.run(rest, out, err);
            case "insmod", "rmmod", "lsmod" -> ModulesCommand.run(command, rest, System.getenv(), out, err);
            case "dmesg" -> DmesgCommand.run(rest, System.getenv(), out, err);
            case "modbuild" -> ModbuildCommand.run(rest, out, err);
            case "bench" -> BenchCommand.cli(rest, out, err);
            default -> Cli.usageError(err, PROGRAM, command.startsWith("-") ? "unknown option '" + command + "'"
                    : "unknown command '" + command + "'");
        };
    }
}
