package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.protocol.device.AttrEntry;

/**
 * {@code mce-sim sysfs read PATH | write PATH VALUE | ls DIR [--socket SOCKET]}: the running
 * simulator's sysfs and debugfs files, as {@code cat}, {@code echo >} and {@code ls} would use them
 * on a real machine (for example to take a CPU offline, or to change {@code check_interval}). A
 * refusal prints the errno the kernel would give and exits 1.
 */
final class SysfsCommand {

    static final String USAGE = "usage: mce-sim sysfs [--socket PATH] read FILE | write FILE VALUE | ls DIR";

    private SysfsCommand() {
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        String socket = null;
        List<String> rest = args;
        if (rest.size() >= 2 && rest.get(0).equals("--socket")) {
            socket = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty() || !(rest.size() == 2 && List.of("read", "ls").contains(rest.get(0))
                || rest.size() == 3 && rest.get(0).equals("write"))) {
            err.println(USAGE);
            return 2;
        }
        if (socket == null) {
            socket = env.getOrDefault("MCE_SIM_SOCKET", RunCommand.isRoot() ? "/run/mce-sim/mcelog" : "mce-sim.sock");
        }
        String path = rest.get(1);
        try (DeviceConnection c = DeviceConnection.connect(Path.of(socket), "mce-sim-sysfs")) {
            switch (rest.get(0)) {
                case "read" -> out.print(new String(c.readAttribute(path), StandardCharsets.UTF_8));
                case "write" -> c.writeText(path, rest.get(2));
                default -> {
                    for (AttrEntry e : c.list(path)) {
                        out.printf("%s %04o %s%n", e.kind() == AttrEntry.Kind.DIRECTORY ? "d" : "-", e.mode(), e.name());
                    }
                }
            }
            out.flush();
            return 0;
        } catch (DeviceException e) {
            err.println("mce-sim: " + path + ": " + e.errno().name() + " (" + e.errno().description() + ")");
            return 1;
        } catch (IOException e) {
            err.println("mce-sim: cannot reach the simulator at " + socket + ": " + e.getMessage());
            return 1;
        }
    }
}
