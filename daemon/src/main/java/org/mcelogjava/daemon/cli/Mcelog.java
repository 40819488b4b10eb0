package org.mcelogjava.daemon.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import org.mcelogjava.daemon.decode.CtimeText;
import org.mcelogjava.daemon.decode.MceTextFormatter;

/**
 * The {@code mcelog} command ({@code main} in mcelog.c): walks the options in order, applying
 * modifiers as they come, and runs the first mode option it meets. This build runs
 * {@code --ascii}; the other modes report that they are not available. {@link #run} does the
 * work without exiting, so tests can call it with their own streams.
 */
public final class Mcelog {

    private static final String PROGRAM = "mcelog";
    private static final String VERSION = "v208";

    private final InputStream in;
    private final OutputStream out;
    private final PrintStream err;
    private final ZoneId zone;

    /**
     * @param zone the "local" time zone TIME lines are shown in
     */
    public Mcelog(InputStream in, OutputStream out, PrintStream err, ZoneId zone) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.zone = zone;
    }

    public static void main(String[] args) {
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.ISO_8859_1);
        int status = new Mcelog(new FileInputStream(FileDescriptor.in), stdout, stderr, ZoneId.systemDefault())
                .run(args);
        try {
            stdout.flush();
        } catch (IOException e) {
            status = status == 0 ? 1 : status;
        }
        System.exit(status);
    }

    /** Runs mcelog with {@code args} and returns its exit status. */
    public int run(String[] args) {
        PrintStream stdout = new PrintStream(out, false, StandardCharsets.ISO_8859_1);
        Usage usage = new Usage(stdout, err);
        McelogOptions options = new McelogOptions(line -> err.print(PROGRAM + ": " + line + "\n"));
        GetoptLong getopt = new GetoptLong(PROGRAM, args, McelogOptions.TABLE);
        try {
            while (true) {
                GetoptLong.Item item = getopt.next();
                if (item instanceof GetoptLong.Item.End) {
                    break;
                }
                if (item instanceof GetoptLong.Item.Error e) {
                    usage.line(e.message());
                    throw usage.fail(1);
                }
                GetoptLong.Item.Option option = (GetoptLong.Item.Option) item;
                if (options.apply(option.name(), option.value(), usage)) {
                    continue;
                }
                switch (option.name()) {
                    case "ascii" -> {
                        remainingModifiers(getopt, options, usage);
                        return ascii(options);
                    }
                    case "version" -> {
                        if (!(getopt.next() instanceof GetoptLong.Item.End)) {
                            throw usage.fail(1);
                        }
                        err.print(PROGRAM + " " + VERSION + "\n");
                        return 0;
                    }
                    default -> {
                        err.print(PROGRAM + ": --" + option.name() + " is not available in this build\n");
                        return 1;
                    }
                }
            }
            err.print(PROGRAM + ": device mode is not available in this build\n");
            return 1;
        } catch (CliExit exit) {
            return exit.status();
        }
    }

    /** {@code argsleft}: the options after the mode option must all be modifiers. */
    private static void remainingModifiers(GetoptLong getopt, McelogOptions options, Usage usage) throws CliExit {
        while (true) {
            GetoptLong.Item item = getopt.next();
            if (item instanceof GetoptLong.Item.End) {
                return;
            }
            if (item instanceof GetoptLong.Item.Option o && options.apply(o.name(), o.value(), usage)) {
                continue;
            }
            if (item instanceof GetoptLong.Item.Error e) {
                usage.line(e.message());
            }
            throw usage.fail(1);
        }
    }

    /** {@code ascii_command}. */
    private int ascii(McelogOptions options) {
        MceTextFormatter formatter = new MceTextFormatter(new CtimeText(zone), options.cpuMhz());
        AsciiCommand command = new AsciiCommand(options, formatter, out, err);
        try {
            if (options.inputFile() == null) {
                command.run(in);
                return 0;
            }
            InputStream file;
            try {
                file = Files.newInputStream(Path.of(options.inputFile()));
            } catch (IOException e) {
                err.print("Cannot open input file `" + options.inputFile() + "': " + reason(e) + "\n");
                return 1;
            }
            try (file) {
                command.run(file);
            }
            return 0;
        } catch (IOException | UncheckedIOException e) {
            err.print(PROGRAM + ": " + e.getMessage() + "\n");
            return 1;
        }
    }

    /** The strerror text for a failed open. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage();
    }
}
