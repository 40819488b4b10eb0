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
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.client.DeviceUnreachableException;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.client.Version;
import org.mcelogjava.daemon.report.ConfiguredHistory;
import org.mcelogjava.daemon.report.ReportCommand;
import org.mcelogjava.daemon.report.SummaryCommand;
import org.mcelogjava.daemon.config.ConfigException;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.CtimeText;
import org.mcelogjava.daemon.decode.MceTextFormatter;
import org.mcelogjava.daemon.device.CannotOpen;
import org.mcelogjava.daemon.device.DeviceOperand;
import org.mcelogjava.daemon.device.DeviceWait;
import org.mcelogjava.daemon.device.StartupDevice;
import org.mcelogjava.daemon.machine.MachineFiles;
import org.mcelogjava.daemon.service.DaemonAssembly;
import org.mcelogjava.daemon.service.Decoding;
import org.mcelogjava.daemon.service.OneShotRead;
import org.mcelogjava.daemon.service.SignalTraps;
import org.mcelogjava.daemon.sink.SyslogWriter;

/**
 * The {@code mcelog} command ({@code main} in mcelog.c): walks the options in order, applying
 * modifiers as they come, and runs the first mode option it meets ({@code --ascii}), or, with
 * none, reads the device: once, or as a daemon with {@code --daemon}. The device is
 * the positional argument, else {@code --socket}, else {@code $MCE_SIM_SOCKET}, else
 * {@value #DEFAULT_DEVICE}. The positional argument may be the simulator's socket or a device file
 * ({@code /dev/mcelog}, or the simulator's mounted {@code DIR/dev/mcelog}) read with the system
 * calls ({@link DeviceOperand}); the others name the simulator's socket. {@code --client} and {@code --ping} ask a running daemon on the client
 * socket that mcelog.conf names.
 * {@link #run} does the work without exiting, so tests can call it with their own streams.
 */
public final class Mcelog {

    private static final String PROGRAM = "mcelog";
    /** How often a daemon retries a device that is not there yet. */
    private static final long DEVICE_RETRY_MILLIS = 1_000;
    /** The simulator's device socket when nothing else names one (mce-sim run as a service). */
    static final String DEFAULT_DEVICE = "/run/mce-sim/mcelog";
    /** The local syslog socket {@code --syslog} writes to. */
    static final String SYSLOG_SOCKET = "/dev/log";
    /** Where a daemon that is not in the foreground logs, as mcelog's default logfile. */
    static final String DEFAULT_LOGFILE = "/var/log/mcelog";

    private final InputStream in;
    private final OutputStream out;
    private final PrintStream err;
    private final Supplier<ZoneId> zone;
    private final Map<String, String> env;
    private final boolean embedded;
    private volatile DaemonAssembly running;
    private volatile DeviceWait deviceWait;
    private volatile boolean stopRequested;

    /**
     * @param zone the "local" time zone TIME lines are shown in
     */
    public Mcelog(InputStream in, OutputStream out, PrintStream err, ZoneId zone) {
        this(in, out, err, zone, System.getenv());
    }

    /** As {@link #Mcelog(InputStream, OutputStream, PrintStream, ZoneId)}, with the environment given. */
    public Mcelog(InputStream in, OutputStream out, PrintStream err, ZoneId zone, Map<String, String> env) {
        this(in, out, err, () -> zone, env, false);
    }

    /**
     * As {@link #Mcelog(InputStream, OutputStream, PrintStream, ZoneId, Map)}, with the zone asked for
     * only when the decoding is assembled, after the options and the configuration
     * ({@link #zoneReadAside}: it is worked out meanwhile).
     *
     * @param embedded run inside a host that delivers signals itself (jsvc): no signal traps, and
     *                 the daemon is stopped and told to reopen its log through {@link #stop()} and
     *                 {@link #reopenLog()}
     */
    Mcelog(InputStream in, OutputStream out, PrintStream err, Supplier<ZoneId> zone, Map<String, String> env,
           boolean embedded) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.zone = zone;
        this.env = env;
        this.embedded = embedded;
    }

    /** Stops a running daemon (the host's stop), or one still waiting for its device. */
    void stop() {
        stopRequested = true;
        DeviceWait w = deviceWait;
        if (w != null) {
            w.stop();
        }
        DaemonAssembly d = running;
        if (d != null) {
            d.stop();
        }
    }

    /** Reopens a running daemon's log (the host's reload signal). */
    void reopenLog() {
        DaemonAssembly d = running;
        if (d != null) {
            d.reopenLog();
        }
    }

    /** summary and report: the [history] database of mcelog.conf, found and read as the daemon does. */
    private static final ConfiguredHistory CONFIGURED_HISTORY = named -> new ConfiguredHistory.Located(
            named.map(Path::of).orElse(ConfigOptions.DEFAULT), ConfigOptions.load(named).history().database());

    /**
     * The JDK's default time zone, read (its rules take 20-40 ms) on a thread of its own, beside the
     * options, the configuration and the device's start (BENCHMARKS.md, start-up); the supplier waits for it.
     */
    static Supplier<ZoneId> zoneReadAside() {
        FutureTask<ZoneId> zone = new FutureTask<>(ZoneId::systemDefault);
        Thread zoneReader = new Thread(zone, "mcelog-zone");
        zoneReader.setDaemon(true);
        zoneReader.start();
        return () -> done(zone);
    }

    /** The zone {@code zone} worked out; its failure as it was thrown. */
    private static ZoneId done(FutureTask<ZoneId> zone) {
        try {
            return zone.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the time zone was read", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    public static void main(String[] args) {
        NettyLogging.toJdkLogging();
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.ISO_8859_1);
        int status = new Mcelog(new FileInputStream(FileDescriptor.in), stdout, stderr, zoneReadAside(),
                System.getenv(), false).run(args);
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
        if (args.length > 0 && args[0].equals("summary")) { // issue 18: the history's summary
            return new SummaryCommand(new PrintStream(out, true, StandardCharsets.UTF_8), err,
                    () -> System.currentTimeMillis() / 1000, CONFIGURED_HISTORY).run(Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length > 0 && args[0].equals("report")) { // issue 18: the history as an HTML page
            return new ReportCommand(new PrintStream(out, true, StandardCharsets.UTF_8), err,
                    () -> System.currentTimeMillis() / 1000, CONFIGURED_HISTORY).run(Arrays.copyOfRange(args, 1, args.length));
        }
        Usage usage = new Usage(stdout, err);
        McelogOptions options = new McelogOptions(line -> err.print(PROGRAM + ": " + line + "\n"));
        GetoptLong getopt = new GetoptLong(PROGRAM, args, McelogOptions.TABLE);
        try {
            McelogConfig config;
            try {
                config = ConfigOptions.load(ConfigOptions.named(args));
                ConfigOptions.apply(config, options, usage);
            } catch (ConfigException e) {
                err.print(PROGRAM + ": " + e.getMessage() + "\n");
                return 1;
            }
            while (true) {
                GetoptLong.Item item = getopt.next();
                if (item instanceof GetoptLong.Item.End) {
                    break;
                }
                if (item instanceof GetoptLong.Item.Error e) {
                    throw usage.error(e.message());
                }
                GetoptLong.Item.Option option = (GetoptLong.Item.Option) item;
                if (options.apply(option.name(), option.value(), usage)) {
                    continue;
                }
                switch (option.name()) {
                    case "ascii" -> {
                        remainingModifiers(getopt, options, usage, option.name());
                        return ascii(options);
                    }
                    case "client", "ping" -> {
                        remainingModifiers(getopt, options, usage, option.name());
                        Path socket = config.server().socketPath().orElse(null);
                        if (socket == null) {
                            err.print(PROGRAM + ": no client socket: [server] socket-path is empty in the config\n");
                            return 1;
                        }
                        ClientCommand client = new ClientCommand(socket, stdout, err);
                        int status = option.name().equals("client") ? client.client() : client.ping();
                        stdout.flush();
                        return status;
                    }
                    case "version" -> {
                        if (!(getopt.next() instanceof GetoptLong.Item.End)) {
                            throw usage.error(PROGRAM + ": --version takes no other arguments");
                        }
                        stdout.print(Version.banner(PROGRAM));
                        stdout.flush();
                        return 0;
                    }
                    default -> {
                        err.print(PROGRAM + ": --" + option.name() + " is not available in this build\n");
                        return 1;
                    }
                }
            }
            return device(options, config, getopt.operands(), usage);
        } catch (CliExit exit) {
            return exit.status();
        }
    }

    /** {@code argsleft}: the options after the mode option must all be modifiers. */
    private static void remainingModifiers(GetoptLong getopt, McelogOptions options, Usage usage, String mode)
            throws CliExit {
        while (true) {
            GetoptLong.Item item = getopt.next();
            if (item instanceof GetoptLong.Item.End) {
                return;
            }
            if (item instanceof GetoptLong.Item.Option o && options.apply(o.name(), o.value(), usage)) {
                continue;
            }
            if (item instanceof GetoptLong.Item.Error e) {
                throw usage.error(e.message());
            }
            throw usage.error(PROGRAM + ": --" + ((GetoptLong.Item.Option) item).name() + " cannot be used with --"
                    + mode);
        }
    }

    /** No mode option: read the simulator's device once, or forever with {@code --daemon}. */
    private int device(McelogOptions options, McelogConfig config, List<String> operands, Usage usage) throws CliExit {
        if (operands.size() > 1) {
            throw usage.error(PROGRAM + ": one device at most, got " + String.join(" ", operands));
        }
        String device = !operands.isEmpty() ? operands.get(0)
                : options.socket() != null ? options.socket()
                : env.getOrDefault("MCE_SIM_SOCKET", DEFAULT_DEVICE);
        // issue 17: the positional device is read as what it is (a socket speaks the protocol, a device
        // file takes the system calls); --socket, MCE_SIM_SOCKET and the default name the simulator's socket
        DeviceOperand operand = new DeviceOperand.Socket(Path.of(device));
        if (!operands.isEmpty()) {
            try {
                operand = DeviceOperand.of(Path.of(device));
            } catch (IOException e) {
                err.print(PROGRAM + ": " + CannotOpen.line(device, IoReason.of(e)) + "\n");
                return 1;
            }
        }
        // The device first: when it cannot be reached, that is the one thing to say (the checks
        // below read the machine through it and would only echo its absence).
        Optional<StartupDevice> opened = operand instanceof DeviceOperand.File file
                ? openFile(file, options.ignoreNoDev())
                : startup((DeviceOperand.Socket) operand, options);
        if (opened.isEmpty()) {
            return stopRequested || options.ignoreNoDev() ? 0 : 1;
        }
        CpuType cpuType = options.cpuType();
        Optional<CpuType> knownType = options.cpuForced() ? Optional.of(cpuType) : Optional.empty();
        DmiCheck.Result dmi;
        // mcelog's start-up checks read the machine's /proc/cpuinfo and DMI tables (for the socket,
        // through the one connection, which then reads the device and, for a daemon, checks the page
        // offline interface; for a device file, on the file system beside it)
        StartupDevice startup = opened.get();
        Optional<MachineFiles> machine = Optional.of(startup.machine());
        boolean handedOn = false;
        try {
            if (!options.cpuForced()) {
                CpuCheck.Result check = CpuCheck.run(machine, options.amdDecoding(), err);
                if (!check.supported()) {
                    if (!options.checkCpuOnly()) {
                        err.print("CPU is unsupported\n");
                    }
                    return 1;
                }
                knownType = check.type();
                cpuType = knownType.orElse(cpuType);
            }
            if (options.checkCpuOnly()) {
                return 0;
            }
            dmi = DmiCheck.run(machine, options.dmi(), err);
            if (!dmi.usable()) {
                return 1;
            }
            handedOn = true;
        } finally {
            if (!handedOn) {
                startup.close();
            }
        }
        Optional<Path> logfile = Optional.ofNullable(options.logfile())
                .or(() -> options.daemon() && !options.foreground() ? Optional.of(DEFAULT_LOGFILE) : Optional.empty())
                .map(Path::of);
        Optional<Path> syslog = options.syslog() ? Optional.of(Path.of(SYSLOG_SOCKET)) : Optional.empty();
        int syslogTextLevel = options.syslogError() ? SyslogWriter.LOG_ERR : SyslogWriter.LOG_WARNING;
        Decoding decoding = new Decoding(cpuType, options.cpuForced(), options.amdDecoding(), !options.noImcLog(), zone.get(),
                options.cpuMhz(), options.raw(), options.numErrors());
        if (!options.daemon()) {
            return new OneShotRead(logfile, syslog, syslogTextLevel, decoding).run(startup, out, err);
        }
        DaemonAssembly daemon = new DaemonAssembly(new DaemonAssembly.Plan(
                config.withPageCounters(options.pageCounters()), knownType, dmi.devices(), decoding, logfile,
                Optional.ofNullable(options.pidfile()).map(Path::of), !embedded, syslog, syslogTextLevel), out, err);
        running = daemon;
        if (stopRequested) {
            daemon.stop();
        }
        return daemon.run(startup);
    }

    /**
     * A device file opened and asked MCE_GET_RECORD_LEN and MCE_GET_LOG_LEN, as mcelog opens it
     * before its checks, to be read from once they pass; if it does not open, says why (a file that
     * is no mcelog device: ENOTTY) unless {@code --ignorenodev} asks for silence, and empty.
     */
    private Optional<StartupDevice> openFile(DeviceOperand.File file, boolean silent) {
        String reason;
        try {
            return Optional.of(StartupDevice.file(file, file.open(DaemonAssembly.IDENTITY, false),
                    DaemonAssembly.IDENTITY));
        } catch (IOException e) {
            reason = IoReason.of(e);
        } catch (DeviceException e) {
            reason = e.getMessage();
        }
        if (!silent) {
            err.print(PROGRAM + ": " + CannotOpen.line(file.path(), reason) + "\n");
        }
        return Optional.empty();
    }

    /** The simulator's socket with the connection its start-up checks read the machine through. */
    private Optional<StartupDevice> startup(DeviceOperand.Socket socket, McelogOptions options) {
        return openDevice(socket.path(), options).map(c -> StartupDevice.socket(socket, c, DaemonAssembly.IDENTITY));
    }

    /**
     * A connection to the device. When it cannot be reached: with {@code --ignorenodev} empty and
     * silent (mcelog exits 0 without a word); a daemon waits for a device nothing serves yet
     * ({@link DeviceWait}); otherwise (a one-shot run, or a path that is no device socket and will
     * not become one by waiting) mcelog's two lines, the second with the likely cure, and empty.
     */
    private Optional<DeviceConnection> openDevice(Path device, McelogOptions options) {
        try {
            return Optional.of(DeviceConnection.connect(device, DaemonAssembly.IDENTITY));
        } catch (IOException e) {
            if (options.ignoreNoDev()) {
                return Optional.empty();
            }
            if (!options.daemon() || !(e instanceof DeviceUnreachableException u && u.noServer())) {
                String reason = e instanceof DeviceUnreachableException u ? u.reason() : IoReason.of(e);
                err.print(PROGRAM + ": " + CannotOpen.line(device, reason) + "\n");
                if (e instanceof DeviceUnreachableException) { // advice about the socket, for a failure of the socket
                    err.print(PROGRAM + ": Is the simulator (mce-sim run) running and is MCE_SIM_SOCKET or --socket right?\n");
                }
                return Optional.empty();
            }
        }
        if (!embedded) {
            SignalTraps.trap("TERM", this::stop);
            SignalTraps.trap("INT", this::stop);
        }
        DeviceWait wait = new DeviceWait(device.toString(), () -> System.nanoTime() / 1_000_000,
                line -> err.print(PROGRAM + ": " + line + "\n"), DEVICE_RETRY_MILLIS);
        deviceWait = wait;
        if (stopRequested) {
            wait.stop();
        }
        try {
            return wait.await(() -> DeviceConnection.connect(device, DaemonAssembly.IDENTITY));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code ascii_command}. */
    private int ascii(McelogOptions options) {
        MceTextFormatter formatter = new MceTextFormatter(new CtimeText(zone.get()), options.cpuMhz());
        AsciiCommand command = new AsciiCommand(options, formatter, out, err);
        try {
            if (options.inputFile() == null) {
                command.run(in);
                return 0;
            }
            InputStream file;
            try {
                Path path = Path.of(options.inputFile());
                if (Files.isDirectory(path)) {
                    throw new FileSystemException(path.toString(), null, "Is a directory");
                }
                file = Files.newInputStream(path);
            } catch (IOException e) {
                err.print("Cannot open input file `" + options.inputFile() + "': " + IoReason.of(e) + "\n");
                return 1;
            }
            try (file) {
                command.run(file);
            }
            return 0;
        } catch (IOException | UncheckedIOException e) {
            err.print(PROGRAM + ": cannot read " + (options.inputFile() == null ? "standard input" : options.inputFile())
                    + ": " + IoReason.of(e) + "\n");
            return 1;
        }
    }
}
