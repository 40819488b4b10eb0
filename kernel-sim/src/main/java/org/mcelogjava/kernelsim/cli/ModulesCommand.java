package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.client.DeviceUnreachableException;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.client.Version;
import org.mcelogjava.kernelsim.module.KmodMessages;

/**
 * {@code mce-sim insmod JAR [name=value...]}, {@code mce-sim rmmod NAME}, {@code mce-sim lsmod}
 * (with {@code --socket PATH} anywhere before a {@code --}): the kmod tools against the running simulator, through
 * {@code init_module}, {@code delete_module} and {@code /proc/modules} on its device socket. A refusal
 * prints kmod's line for the errno ({@link KmodMessages}; the simulator's kernel log has the
 * kernel's own, e.g. {@code b: Unknown symbol a_add (err -2)}); exit 1.
 */
final class ModulesCommand {

    private static final Map<String, String> USAGES = Map.of(
            "insmod", "usage: mce-sim insmod [--socket PATH] JAR [name=value...]",
            "rmmod", "usage: mce-sim rmmod [--socket PATH] NAME",
            "lsmod", "usage: mce-sim lsmod [--socket PATH]");
    private static final Map<String, String> WHAT = Map.of(
            "insmod", "Loads the module jar JAR (built by mce-sim modbuild) into the running simulator with\n"
                    + "init_module(2), with the module parameters given. A module that uses symbols no\n"
                    + "loaded module exports yet is refused as the kernel refuses it (Unknown symbol).",
            "rmmod", "Unloads module NAME from the running simulator with delete_module(2).",
            "lsmod", "Lists the modules loaded into the running simulator, from its /proc/modules.");

    private ModulesCommand() {
    }

    /** The text {@code mce-sim COMMAND --help} prints. */
    static String help(String command) {
        return USAGES.get(command) + "\n\n" + WHAT.get(command) + "\n\n"
                + "  --socket PATH   the simulator's socket; else $MCE_SIM_SOCKET; else /run/mce-sim/mcelog\n"
                + "                  as root, ./mce-sim.sock otherwise\n"
                + "  --help, --version\n\n"
                + "Exit status: 0, or 1 on a usage error, an unreadable file, an unreachable simulator or\n"
                + "a refusal (its errno; the simulator's kernel log has the kernel's message).\n";
    }

    static int run(String command, List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        String program = "mce-sim " + command;
        String socket = null;
        List<String> rest = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (options && a.equals("--")) {
                options = false;
            } else if (options && (a.equals("--help") || a.equals("-h"))) {
                out.print(help(command));
                return Cli.OK;
            } else if (options && a.equals("--version")) {
                return Cli.version(out, "mce-sim");
            } else if (options && a.equals("--socket")) {
                if (++i >= args.size()) {
                    return Cli.usageError(err, program, "--socket needs a PATH");
                }
                socket = args.get(i);
            } else if (options && a.startsWith("-") && a.length() > 1) {
                return Cli.usageError(err, program, "unknown option '" + a + "'");
            } else {
                rest.add(a);
            }
        }
        String wrong = switch (command) {
            case "insmod" -> rest.isEmpty() ? "missing JAR" : null;
            case "rmmod" -> rest.size() == 1 ? null : rest.isEmpty() ? "missing NAME" : "takes one NAME";
            default -> rest.isEmpty() ? null : "takes no arguments, got '" + rest.get(0) + "'";
        };
        if (wrong != null) {
            return Cli.usageError(err, program, wrong);
        }
        byte[] image = null;
        if (command.equals("insmod")) {
            try {
                image = Files.readAllBytes(Path.of(rest.get(0)));
            } catch (IOException e) {
                err.println(program + ": cannot read " + rest.get(0) + ": " + IoReason.of(e));
                return Cli.FAILED;
            }
        }
        Path device = Path.of(Cli.socket(socket, env));
        try (DeviceConnection c = DeviceConnection.connect(device, Version.identity("mce-sim-" + command))) {
            switch (command) {
                case "insmod" -> c.initModule(image, String.join(" ", rest.subList(1, rest.size())));
                case "rmmod" -> c.deleteModule(rest.get(0), 0);
                default -> out.print(lsmod(c.readText("/proc/modules")));
            }
            out.flush();
            return Cli.OK;
        } catch (DeviceException e) {
            err.println(program + ": " + switch (command) {
                case "insmod" -> KmodMessages.insmodFailed(rest.get(0), e.errno().number(), e.errno().description())
                        + "; the kernel's reason is in its log (mce-sim dmesg)";
                case "rmmod" -> KmodMessages.rmmodFailed(rest.get(0), e.errno().number(), e.errno().description());
                default -> "cannot read /proc/modules: " + e.errno().name() + " (" + e.errno().description() + ")";
            });
            return Cli.FAILED;
        } catch (DeviceUnreachableException e) {
            err.println(program + ": " + Cli.unreachable(e));
            return Cli.FAILED;
        } catch (IOException e) {
            err.println(program + ": " + command + " on " + device + ": " + IoReason.of(e));
            return Cli.FAILED;
        }
    }

    /** lsmod's table from {@code /proc/modules} lines ({@code name size refcount users state address}). */
    static String lsmod(String procModules) {
        StringBuilder out = new StringBuilder("Module                  Size  Used by\n");
        for (String line : procModules.split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 4) {
                continue;
            }
            out.append(String.format("%-19s %8s  %s", f[0], f[1], f[2]));
            if (!f[3].equals("-")) {
                out.append(' ').append(f[3].replaceAll(",$", ""));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
