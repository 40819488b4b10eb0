package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.client.DeviceUnreachableException;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.client.Version;
import org.mcelogjava.kernelsim.inject.InjectDump;
import org.mcelogjava.kernelsim.inject.InjectLexer;
import org.mcelogjava.kernelsim.inject.InjectParser;
import org.mcelogjava.kernelsim.inject.InjectSource;
import org.mcelogjava.kernelsim.inject.InjectSyntaxException;
import org.mcelogjava.kernelsim.inject.MceInjectTool;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.OpenFlags;

/**
 * {@code mce-inject [--socket PATH] [--dump] [--no-random] [FILE...]}: the mce-inject tool
 * (mce-inject.c) against a running simulator. The language, the checks and the delivery are those
 * of {@link MceInjectTool}; each record goes to the simulator's {@code /dev/mcelog} as the C tool
 * writes it, the 88-byte {@code struct mce}, and the records its per-CPU threads write together
 * travel together ({@link DeviceRecordWriter}). The online CPUs are the simulator's
 * {@code machinecheckN} directories, the largest bank its {@code machinecheck0/bankN} files.
 * Options come in any order, {@code --} ends them; {@code --help} prints the usage and the
 * language ({@value #LANGUAGE}), {@code --version} the version ({@link Cli}). Exit status as the C
 * tool: 0, or 1 on a usage error, an unreadable file, a lexical/syntax/validation error, or when
 * the device cannot be reached, opened or written.
 */
public final class MceInject {

    static final String USAGE = "usage: mce-inject [--socket PATH] [--dump] [--no-random] [FILE...]";
    /** The injection language's description, which {@code --help} prints after the options. */
    static final String LANGUAGE = "/org/mcelogjava/kernelsim/inject/mce-inject-language.txt";
    private static final String PROGRAM = "mce-inject";
    private static final String OPTIONS = """

            Injects machine-check errors, described in the language below, into a running simulator
            (mce-sim run) through its /dev/mcelog and debugfs, as mce-inject does on a real kernel.
            Reads each FILE in turn, or standard input when there is none.

              --socket PATH   the simulator's socket; else $MCE_SIM_SOCKET; else /run/mce-sim/mcelog
                              as root, ./mce-sim.sock otherwise
              --dump          print the records as parsed instead of injecting them
              --no-random     no random CPU for "CPU random"; the first online CPU
              --help, -h      this text
              --version       the version of mce-inject and of mcelog it is compatible with
              --              end of options: what follows is a FILE even if it starts with '-'

            Exit status: 0, or 1 on a usage error, an unreadable FILE, an error in a FILE (named
            with its line), or a simulator that cannot be reached or refuses the record.

            """;
    private static final String MACHINECHECK = "/sys/devices/system/machinecheck";

    private MceInject() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.getenv(), System.in, System.out, System.err));
    }

    /** What {@code --help} prints: the usage and options, then the language. */
    static String help() {
        try (InputStream in = MceInject.class.getResourceAsStream(LANGUAGE)) {
            if (in == null) {
                throw new IllegalStateException(LANGUAGE + " is missing from the kernel-sim jar");
            }
            return USAGE + "\n" + OPTIONS + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LANGUAGE + " from the kernel-sim jar", e);
        }
    }

    static int run(List<String> argv, Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err) {
        String socket = null;
        boolean dump = false;
        boolean noRandom = false;
        List<String> files = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (!options || !a.startsWith("-") || a.equals("-")) {
                files.add(a);
                continue;
            }
            switch (a) {
                case "--" -> options = false;
                case "--help", "-h" -> {
                    out.print(help());
                    return Cli.OK;
                }
                case "--version" -> {
                    return Cli.version(out, PROGRAM);
                }
                case "--dump" -> dump = true;
                case "--no-random" -> noRandom = true;
                case "--socket" -> {
                    if (++i >= argv.size()) {
                        return Cli.usageError(err, PROGRAM, "--socket needs a PATH");
                    }
                    socket = argv.get(i);
                }
                default -> {
                    if (a.startsWith("--socket=")) {
                        socket = a.substring("--socket=".length());
                    } else {
                        return Cli.usageError(err, PROGRAM, "unknown option '" + a + "'");
                    }
                }
            }
        }
        List<InjectSource> sources = new ArrayList<>();
        if (files.isEmpty()) {
            files.add("-");
        }
        for (String f : files) {
            try {
                byte[] bytes = f.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(f));
                sources.add(new InjectSource(f.equals("-") ? "<stdin>" : f, new String(bytes, StandardCharsets.ISO_8859_1)));
            } catch (IOException e) {
                err.println(PROGRAM + ": cannot read " + (f.equals("-") ? "standard input" : f) + ": " + IoReason.of(e));
                return Cli.FAILED;
            }
        }
        if (dump) {
            try {
                new InjectParser(new InjectLexer(sources)).parse(r -> out.print(InjectDump.format(r.mce())));
                return Cli.OK;
            } catch (InjectSyntaxException e) {
                err.println(e.getMessage());
                return Cli.FAILED;
            }
        }
        return inject(Path.of(Cli.socket(socket, env)), sources, noRandom, err);
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
            int fd = c.open(OpenFlags.O_WRONLY); // it only writes: never a reader, so never kept out by the daemon
            MceInjectTool tool = new MceInjectTool(new DeviceRecordWriter(c, fd), cpus, maxBank < 0 ? 0xff : maxBank,
                    noRandom);
            tool.run(sources);
            c.close(fd);
            return 0;
        } catch (InjectSyntaxException e) {
            err.println(e.getMessage());
            return 1;
        } catch (DeviceRecordWriter.Refused e) {
            err.println(PROGRAM + ": cannot write /dev/mcelog on " + socket + ": " + e.getMessage());
            return Cli.FAILED;
        } catch (UncheckedIOException e) {
            err.println(PROGRAM + ": cannot write /dev/mcelog on " + socket + ": " + IoReason.of(e.getCause()));
            return Cli.FAILED;
        } catch (DeviceUnreachableException e) {
            err.println(PROGRAM + ": " + Cli.unreachable(e));
            return Cli.FAILED;
        } catch (IOException | DeviceException e) {
            err.println(PROGRAM + ": " + socket + ": " + reason(e));
            return Cli.FAILED;
        }
    }

    private static String reason(Throwable e) {
        return e instanceof DeviceException d ? d.getMessage() : IoReason.of(e);
    }
}
