package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.kernelsim.module.KmodMessages;

/**
 * {@code mce-sim insmod JAR [name=value...]}, {@code mce-sim rmmod NAME}, {@code mce-sim lsmod}
 * ({@code [--socket PATH]} first): the kmod tools against the running simulator, through
 * {@code init_module}, {@code delete_module} and {@code /proc/modules} on its device socket. A refusal
 * prints kmod's line for the errno ({@link KmodMessages}; the simulator's kernel log has the
 * kernel's own, e.g. {@code b: Unknown symbol a_add (err -2)}); exit 1.
 */
final class ModulesCommand {

    static final String USAGE = "usage: mce-sim [insmod JAR [name=value...] | rmmod NAME | lsmod] [--socket PATH]";

    private ModulesCommand() {
    }

    static int run(String command, List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        String socket = null;
        List<String> rest = args;
        if (rest.size() >= 2 && rest.get(0).equals("--socket")) {
            socket = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        boolean usable = switch (command) {
            case "insmod" -> !rest.isEmpty();
            case "rmmod" -> rest.size() == 1;
            default -> rest.isEmpty();
        };
        if (!usable) {
            err.println(USAGE);
            return 2;
        }
        if (socket == null) {
            socket = env.getOrDefault("MCE_SIM_SOCKET", RunCommand.isRoot() ? "/run/mce-sim/mcelog" : "mce-sim.sock");
        }
        try (DeviceConnection c = DeviceConnection.connect(Path.of(socket), "mce-sim-" + command)) {
            switch (command) {
                case "insmod" -> c.initModule(Files.readAllBytes(Path.of(rest.get(0))),
                        String.join(" ", rest.subList(1, rest.size())));
                case "rmmod" -> c.deleteModule(rest.get(0), 0);
                default -> out.print(lsmod(c.readText("/proc/modules")));
            }
            out.flush();
            return 0;
        } catch (DeviceException e) {
            err.println("mce-sim " + command + ": " + switch (command) {
                case "insmod" -> KmodMessages.insmodFailed(rest.get(0), e.errno().number(), e.errno().description())
                        + "; the kernel's reason is in its log (mce-sim sysfs read /dev/kmsg)";
                case "rmmod" -> KmodMessages.rmmodFailed(rest.get(0), e.errno().number(), e.errno().description());
                default -> e.getMessage();
            });
            return 1;
        } catch (IOException e) {
            err.println("mce-sim " + command + ": " + e.getMessage());
            return 1;
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
