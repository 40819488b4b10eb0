package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.mcelogjava.kernelsim.inject.InjectSource;
import org.mcelogjava.kernelsim.klog.KernelLog;

/**
 * The {@code mce-sim} command line. Subcommands: {@code run} (the simulator as a service, see
 * {@link RunCommand}), {@code replay} (the injection conformance run) and {@code bench [FACTOR]} (poll-timer and rendezvous figures, see {@link BenchCommand}).
 * Exit status: 0 on success (a simulated panic is an outcome, not an error), 1 when the input has
 * a syntax error (the JSON is still printed), 2 on usage or I/O errors (one line on stderr).
 */
public final class MceSim {

    private MceSim() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** The overview {@code mce-sim --help} prints. */
    static final String HELP = """
            usage: mce-sim COMMAND [OPTIONS]

            A simulated x86 kernel machine-check (MCA) subsystem.

            Commands:
              run      run the simulator in the foreground, serving /dev/mcelog and its sysfs/debugfs
                       files on a Unix socket until SIGTERM (see: mce-sim run --help)
              replay   boot a fresh machine, inject an mce-inject file, run it to quiet or panic in
                       virtual time and report the kernel's outcome:
                       %s
              sysfs    read, write or list the running simulator's sysfs/debugfs files:
                       %s
              insmod   load a module jar into the running simulator: mce-sim insmod JAR [name=value...]
              rmmod    unload a module: mce-sim rmmod NAME
              lsmod    list the loaded modules
              modbuild build module sources into jars as kbuild would:
                       %s
              bench    poll timers of 1,024 CPUs x 32 banks through a simulated day, and 256-CPU #MC
                       rendezvous: mce-sim bench [CLOCK_FACTOR] (default 100000)

            Examples:
              mce-sim run --socket /tmp/mce.sock --cpus 8
              mce-sim run --faults default --clock accelerated:1440 --socket /tmp/mce.sock
              mce-sim replay --json errors.inject
              mce-inject --socket /tmp/mce.sock errors.inject     (inject into a running simulator)
              mce-sim sysfs --socket /tmp/mce.sock write /sys/devices/system/cpu/cpu3/online 0
            """.formatted(ReplayOptions.USAGE, SysfsCommand.USAGE, ModbuildCommand.USAGE);

    /** Runs the command line; returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help"))) {
            out.print(HELP);
            return 0;
        }
        if (!args.isEmpty() && List.of("insmod", "rmmod", "lsmod").contains(args.get(0))) {
            return ModulesCommand.run(args.get(0), args.subList(1, args.size()), System.getenv(), out, err);
        }
        if (!args.isEmpty() && args.get(0).equals("modbuild")) {
            return ModbuildCommand.run(args.subList(1, args.size()), out, err);
        }
        if (!args.isEmpty() && args.get(0).equals("sysfs")) {
            return SysfsCommand.run(args.subList(1, args.size()), System.getenv(), out, err);
        }
        if (!args.isEmpty() && args.get(0).equals("bench")) {
            double factor = 100_000;
            if (args.size() > 1) {
                try {
                    factor = Double.parseDouble(args.get(1));
                } catch (NumberFormatException e) {
                    err.println("mce-sim: bench takes an optional clock factor, got '" + args.get(1) + "'");
                    return 2;
                }
            }
            return BenchCommand.run(out, factor);
        }
        if (!args.isEmpty() && args.get(0).equals("run")) {
            return RunCommand.run(args.subList(1, args.size()), out, err);
        }
        if (args.isEmpty() || !args.get(0).equals("replay")) {
            err.println("mce-sim: " + (args.isEmpty() ? "missing subcommand" : "unknown subcommand '" + args.get(0)
                    + "'") + "; see mce-sim --help");
            return 2;
        }
        ReplayOptions opt;
        try {
            opt = ReplayOptions.parse(args.subList(1, args.size()));
        } catch (IllegalArgumentException e) {
            err.println("mce-sim: " + e.getMessage() + "; " + ReplayOptions.USAGE);
            return 2;
        }
        String text;
        try {
            text = new String(Files.readAllBytes(Path.of(opt.file())), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            err.println("mce-sim: cannot read " + opt.file() + ": " + e.getMessage());
            return 2;
        }
        ReplayCommand.Result r = ReplayCommand.run(opt, new InjectSource(opt.file(), text));
        PrintStream logOut = opt.json() ? err : out;
        for (KernelLog.Line line : r.log()) {
            logOut.println(line.dmesg());
        }
        if (opt.json()) {
            out.println(Json.write(r.json()));
        } else {
            out.println("outcome: " + r.json().get("outcome"));
            if (r.json().get("parse_error") != null) {
                err.println("mce-sim: " + r.json().get("parse_error"));
            }
        }
        return r.exitCode();
    }
}
