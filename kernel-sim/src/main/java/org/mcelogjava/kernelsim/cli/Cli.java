package org.mcelogjava.kernelsim.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.mcelogjava.client.DeviceUnreachableException;
import org.mcelogjava.client.Version;

/**
 * The command-line convention every mcelog-java command follows: {@code --help} (or {@code -h})
 * prints the usage on stdout, exit 0; {@code --version} prints {@link Version#banner}, exit 0; a
 * usage error is one line {@code PROGRAM: WHAT} and {@code Try 'PROGRAM --help'.} on stderr, exit 1;
 * any other failure one line on stderr naming the object, the operation and the reason, exit 1.
 * {@code PROGRAM} is the command as typed up to the subcommand ({@code mce-sim insmod}).
 */
final class Cli {

    static final int OK = 0;
    static final int FAILED = 1;
    /** The simulator's device socket when neither --socket nor $MCE_SIM_SOCKET names one. */
    static final String ROOT_SOCKET = "/run/mce-sim/mcelog";

    private Cli() {
    }

    /** Whether the options (the arguments before a {@code --}) ask for the help. */
    static boolean wantsHelp(List<String> args) {
        return options(args).stream().anyMatch(a -> a.equals("--help") || a.equals("-h"));
    }

    /** Whether the options (the arguments before a {@code --}) ask for the version. */
    static boolean wantsVersion(List<String> args) {
        return options(args).contains("--version");
    }

    private static List<String> options(List<String> args) {
        int end = args.indexOf("--");
        return end < 0 ? args : args.subList(0, end);
    }

    /** Prints a usage error; returns the exit status. */
    static int usageError(PrintStream err, String program, String what) {
        err.println(program + ": " + what);
        err.println("Try '" + program + " --help'.");
        return FAILED;
    }

    /** Prints the version banner; returns the exit status. */
    static int version(PrintStream out, String program) {
        out.print(Version.banner(program));
        return OK;
    }

    /** A failure to reach the simulator, with the cure when nothing is serving there. */
    static String unreachable(DeviceUnreachableException e) {
        return e.getMessage() + (e.noServer() ? " (is mce-sim run serving it?)" : "");
    }

    /**
     * The leading options of a client subcommand ({@code --help}, {@code --version}, {@code --socket
     * PATH}): where the operands start and the socket given, or the exit status when the options
     * end the command (help, version or a usage error, already printed).
     */
    record ClientOptions(int operands, String socket, OptionalInt exit) {

        static ClientOptions parse(List<String> args, String program, String help, PrintStream out, PrintStream err) {
            String socket = null;
            int i = 0;
            for (; i < args.size() && args.get(i).startsWith("-"); i++) {
                switch (args.get(i)) {
                    case "--help", "-h" -> {
                        out.print(help);
                        return new ClientOptions(i, socket, OptionalInt.of(OK));
                    }
                    case "--version" -> {
                        return new ClientOptions(i, socket, OptionalInt.of(version(out, "mce-sim")));
                    }
                    case "--socket" -> {
                        if (++i >= args.size()) {
                            return new ClientOptions(i, socket,
                                    OptionalInt.of(usageError(err, program, "--socket needs a PATH")));
                        }
                        socket = args.get(i);
                    }
                    default -> {
                        return new ClientOptions(i, socket, OptionalInt.of(
                                usageError(err, program, "unknown option '" + args.get(i) + "'")));
                    }
                }
            }
            return new ClientOptions(i, socket, OptionalInt.empty());
        }
    }

    /** The socket a client command uses: --socket, else $MCE_SIM_SOCKET, else root's or the working directory's. */
    static String socket(String option, Map<String, String> env) {
        if (option != null) {
            return option;
        }
        return env.getOrDefault("MCE_SIM_SOCKET", RunCommand.isRoot() ? ROOT_SOCKET : "mce-sim.sock");
    }
}
