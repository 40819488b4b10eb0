package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.client.DeviceUnreachableException;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.client.Version;
import org.mcelogjava.protocol.device.AttrEntry;

/**
 * {@code mce-sim sysfs [--socket SOCKET] read PATH | write PATH VALUE | ls DIR}: the running
 * simulator's sysfs and debugfs files, as {@code cat}, {@code echo >} and {@code ls} would use them
 * on a real machine (for example to take a CPU offline, or to change {@code check_interval}). A
 * refusal prints the errno the kernel would give and exits 1.
 */
final class SysfsCommand {

    static final String USAGE = "usage: mce-sim sysfs [--socket PATH] read FILE | write FILE VALUE | ls DIR";
    private static final String PROGRAM = "mce-sim sysfs";
    private static final String HELP = USAGE + """


            Reads, writes or lists the running simulator's sysfs and debugfs files, as cat, echo >
            and ls would on a real machine; a refusal prints the errno the kernel would give.

              --socket PATH   the simulator's socket; else $MCE_SIM_SOCKET; else /run/mce-sim/mcelog
                              as root, ./mce-sim.sock otherwise
              --help, --version

            The options come before the verb; what follows it is taken as it is (a VALUE may start
            with '-'). Exit status: 0, or 1 on a usage error, an unreachable simulator or a refusal.

            Examples:
              mce-sim sysfs --socket /tmp/mce.sock read /sys/devices/system/machinecheck/machinecheck0/check_interval
              mce-sim sysfs --socket /tmp/mce.sock write /sys/devices/system/cpu/cpu3/online 0
              mce-sim sysfs --socket /tmp/mce.sock ls /sys/kernel/debug/mce
            """;

    private SysfsCommand() {
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Cli.ClientOptions options = Cli.ClientOptions.parse(args, PROGRAM, HELP, out, err);
        if (options.exit().isPresent()) {
            return options.exit().getAsInt();
        }
        String socket = options.socket();
        List<String> rest = args.subList(options.operands(), args.size());
        if (rest.isEmpty()) {
            return Cli.usageError(err, PROGRAM, "missing read, write or ls");
        }
        String verb = rest.get(0);
        int operands = switch (verb) {
            case "read", "ls" -> 1;
            case "write" -> 2;
            default -> -1;
        };
        if (operands < 0) {
            return Cli.usageError(err, PROGRAM, "unknown verb '" + verb + "' (read, write or ls)");
        }
        if (rest.size() - 1 != operands) {
            return Cli.usageError(err, PROGRAM, verb + " takes " + (operands == 1 ? "a FILE" : "FILE VALUE")
                    + ", got " + (rest.size() - 1) + " argument" + (rest.size() == 2 ? "" : "s"));
        }
        Path device = Path.of(Cli.socket(socket, env));
        String path = rest.get(1);
        try (DeviceConnection c = DeviceConnection.connect(device, Version.identity("mce-sim-sysfs"))) {
            switch (verb) {
                case "read" -> out.print(new String(c.readAttribute(path), StandardCharsets.UTF_8));
                case "write" -> c.writeText(path, rest.get(2));
                default -> {
                    for (AttrEntry e : c.list(path)) {
                        out.printf("%s %04o %s%n", e.kind() == AttrEntry.Kind.DIRECTORY ? "d" : "-", e.mode(), e.name());
                    }
                }
            }
            out.flush();
            return Cli.OK;
        } catch (DeviceException e) {
            err.println(PROGRAM + ": cannot " + verb + " " + path + ": " + e.errno().name() + " ("
                    + e.errno().description() + ")");
            return Cli.FAILED;
        } catch (DeviceUnreachableException e) {
            err.println(PROGRAM + ": " + Cli.unreachable(e));
            return Cli.FAILED;
        } catch (IOException e) {
            err.println(PROGRAM + ": " + verb + " " + path + " on " + device + ": " + IoReason.of(e));
            return Cli.FAILED;
        }
    }
}
