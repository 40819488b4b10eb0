package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.client.Version;
import org.mcelogjava.kernelsim.inject.InjectDump;
import org.mcelogjava.kernelsim.inject.InjectLexer;
import org.mcelogjava.kernelsim.inject.InjectParser;
import org.mcelogjava.kernelsim.inject.InjectSource;
import org.mcelogjava.kernelsim.inject.InjectSyntaxException;
import org.mcelogjava.kernelsim.inject.MceInjectTool;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.mce.MceLayout;

/**
 * {@code mce-inject [--socket PATH] [--dump] [--no-random] [FILE...]}: the mce-inject tool
 * (mce-inject.c) against a running simulator. The language, the checks and the delivery are those
 * of {@link MceInjectTool}; each record goes to the simulator's {@code /dev/mcelog} as the C tool
 * writes it, the 88-byte {@code struct mce}. The online CPUs are the simulator's
 * {@code machinecheckN} directories, the largest bank its {@code machinecheck0/bankN} files.
 * Exit status as the C tool: 0, or 1 on a lexical/syntax/validation error or when the device
 * cannot be opened or written (a usage error is 1 as well).
 */
public final class MceInject {

    static final String USAGE = "usage: mce-inject [--socket PATH] [--dump] [--no-random] [FILE...]";
    private static final String MACHINECHECK = "/sys/devices/system/machinecheck";

    private MceInject() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.getenv(), System.in, System.out, System.err));
    }

    static int run(List<String> argv, Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err) {
        List<String> args = new ArrayList<>(argv);
        String socket = null;
        if (args.size() >= 2 && args.get(0).equals("--socket")) {
            socket = args.get(1);
            args = args.subList(2, args.size());
        }
        boolean dump = false;
        boolean noRandom = false;
        if (!args.isEmpty() && args.get(0).equals("--dump")) {
            dump = true;
            args = args.subList(1, args.size());
        }
        if (!args.isEmpty() && args.get(0).equals("--no-random")) {
            noRandom = true;
            args = args.subList(1, args.size());
        }
        if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("--socket"))) {
            err.println(USAGE);
            return args.get(0).equals("--help") ? 0 : 1;
        }
        List<InjectSource> sources = new ArrayList<>();
        try {
            if (args.isEmpty()) {
                sources.add(new InjectSource("<stdin>", new String(stdin.readAllBytes(), StandardCharsets.ISO_8859_1)));
            }
            for (String f : args) {
                sources.add(new InjectSource(f, new String(Files.readAllBytes(Path.of(f)), StandardCharsets.ISO_8859_1)));
            }
        } catch (IOException e) {
            err.println("mce-inject: " + e.getMessage());
            return 1;
        }
        if (dump) {
            try {
                new InjectParser(new InjectLexer(sources)).parse(r -> out.print(InjectDump.format(r.mce())));
                return 0;
            } catch (InjectSyntaxException e) {
                err.println(e.getMessage());
                return 1;
            }
        }
        if (socket == null) {
            socket = env.getOrDefault("MCE_SIM_SOCKET", RunCommand.isRoot() ? "/run/mce-sim/mcelog" : "mce-sim.sock");
        }
        return inject(Path.of(socket), sources, noRandom, err);
    }

    private static int inject(Path socket, List<InjectSource> sources, boolean noRandom, PrintStream err) {
        try (DeviceConnection c = DeviceConnection.connect(socket, Version.identity("mce-inject"))) {
            int cpus = 0;
            for (AttrEntry e : c.list(MACHINECHECK)) {
                if (e.name().startsWith("machinecheck")) {
                    cpus = Math.max(cpus, Integer.parseInt(e.name().substring("machinecheck".length())) + 1);
                }
            }
            int maxBank = -1;
            for (AttrEntry e : c.list(MACHINECHECK + "/machinecheck0")) {
                if (e.name().matches("bank[0-9]+")) {
                    maxBank = Math.max(maxBank, Integer.parseInt(e.name().substring(4)));
                }
            }
            int fd = c.open(OpenFlags.O_RDWR);
            MceInjectTool tool = new MceInjectTool((m, writer) -> {
                try {
                    c.write(fd, MceCodec.encode(m, MceLayout.LEN_3X));
                } catch (IOException | DeviceException e) {
                    throw new WriteFailed(e);
                }
            }, cpus, maxBank < 0 ? 0xff : maxBank, noRandom);
            tool.run(sources);
            c.close(fd);
            return 0;
        } catch (InjectSyntaxException e) {
            err.println(e.getMessage());
            return 1;
        } catch (WriteFailed e) {
            err.println("mce-inject: /dev/mcelog: " + e.getCause().getMessage());
            return 1;
        } catch (IOException | DeviceException e) {
            err.println("mce-inject: " + socket + ": " + e.getMessage());
            return 1;
        }
    }

    /** A device write failed inside the tool's delivery loop. */
    private static final class WriteFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WriteFailed(Exception cause) {
            super(cause);
        }
    }
}
