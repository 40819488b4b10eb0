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

/**
 * {@code mce-sim dmesg [--socket PATH]}: the running simulator's kernel log as util-linux's
 * {@code dmesg} prints it, {@code [SECONDS.MICROS] text} per record, read from its
 * {@code /dev/kmsg} (whose records are {@code PRIO,SEQ,USEC,FLAGS;text}, continuation lines of
 * key=value pairs starting with a space, which dmesg does not print by default).
 */
final class DmesgCommand {

    static final String USAGE = "usage: mce-sim dmesg [--socket PATH]";
    private static final String PROGRAM = "mce-sim dmesg";
    private static final String KMSG = "/dev/kmsg";
    private static final String HELP = USAGE + """


            Prints the running simulator's kernel log as dmesg does on a real machine: machine-check
            messages, memory_failure, module loading (e.g. "b: Unknown symbol a_add (err -2)").

              --socket PATH   the simulator's socket; else $MCE_SIM_SOCKET; else /run/mce-sim/mcelog
                              as root, ./mce-sim.sock otherwise
              --help, --version

            Exit status: 0, or 1 on a usage error or an unreachable simulator.
            """;

    private DmesgCommand() {
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Cli.ClientOptions options = Cli.ClientOptions.parse(args, PROGRAM, HELP, out, err);
        if (options.exit().isPresent()) {
            return options.exit().getAsInt();
        }
        if (options.operands() < args.size()) {
            return Cli.usageError(err, PROGRAM, "takes no arguments, got '" + args.get(options.operands()) + "'");
        }
        String socket = options.socket();
        Path device = Path.of(Cli.socket(socket, env));
        try (DeviceConnection c = DeviceConnection.connect(device, Version.identity("mce-sim-dmesg"))) {
            out.print(format(new String(c.readAttribute(KMSG), StandardCharsets.UTF_8)));
            out.flush();
            return Cli.OK;
        } catch (DeviceException e) {
            err.println(PROGRAM + ": cannot read " + KMSG + ": " + e.errno().name() + " (" + e.errno().description() + ")");
            return Cli.FAILED;
        } catch (DeviceUnreachableException e) {
            err.println(PROGRAM + ": " + Cli.unreachable(e));
            return Cli.FAILED;
        } catch (IOException e) {
            err.println(PROGRAM + ": read " + KMSG + " on " + device + ": " + IoReason.of(e));
            return Cli.FAILED;
        }
    }

    /** dmesg's lines for {@code /dev/kmsg} records; a line that is not a record is kept as it is. */
    static String format(String kmsg) {
        StringBuilder b = new StringBuilder();
        for (String line : kmsg.split("\n")) {
            if (line.isEmpty() || line.startsWith(" ")) {
                continue;
            }
            int semi = line.indexOf(';');
            String[] prefix = semi < 0 ? new String[0] : line.substring(0, semi).split(",");
            if (prefix.length < 3 || !prefix[2].matches("\\d+")) {
                b.append(line).append('\n');
                continue;
            }
            long usec = Long.parseLong(prefix[2]);
            b.append(String.format("[%5d.%06d] ", usec / 1_000_000, usec % 1_000_000))
                    .append(line, semi + 1, line.length()).append('\n');
        }
        return b.toString();
    }
}
