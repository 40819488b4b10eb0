package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.kernelsim.fuse.MountFailedException;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.kernelsim.server.SocketInUseException;
import org.mcelogjava.kernelsim.service.ServiceConfig;
import org.mcelogjava.kernelsim.service.SimulatorService;

/**
 * {@code mce-sim run}: the simulator in the foreground until SIGTERM or SIGINT, which stop it
 * cleanly (clients see their connection close, the socket file is removed). One simulator per
 * socket: a socket another simulator serves is refused, exit 1, and that one keeps serving; a stale
 * socket left by a killed one is taken over.
 */
final class RunCommand {

    static final String LOG_CONFIG = "mce-sim-log4j2.xml";
    private static final String PROGRAM = "mce-sim run";
    /** How long a stop waits for a start still under way (a mount may take up to 10 s to settle). */
    private static final long START_SECONDS = 20;

    private RunCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (Cli.wantsHelp(args)) {
            out.print(RunOptions.HELP);
            return Cli.OK;
        }
        if (Cli.wantsVersion(args)) {
            return Cli.version(out, "mce-sim");
        }
        ServiceConfig config;
        try {
            config = RunOptions.parse(args, System.getenv(), isRoot());
        } catch (RunOptions.BadConfig e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return Cli.FAILED;
        } catch (IllegalArgumentException e) {
            return Cli.usageError(err, PROGRAM, e.getMessage());
        }
        Logger log = logger();
        // The hook is in place before the socket exists ("ready when the socket exists"), so a
        // SIGTERM right after readiness is a clean stop too, never the JVM's status 143. A stop that
        // comes while the start is still under way waits for it: the socket or the mount may already
        // be in place (and in use), and only the started service can take them down. Such a stop is
        // a clean one even when the start then fails for it (jnr-fuse's own shutdown hook unmounts a
        // mount that is just appearing): nothing is reported, the exit status is 0.
        AtomicReference<SimulatorService> running = new AtomicReference<>();
        AtomicBoolean stopDuringStart = new AtomicBoolean();
        CountDownLatch startEnded = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopDuringStart.set(startEnded.getCount() > 0);
            try {
                startEnded.await(START_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            SimulatorService s = running.get();
            if (s == null && !stopDuringStart.get()) {
                return; // the start failed on its own: the exit status is already decided
            }
            if (s != null) {
                stop(s, log);
            } else {
                removeSocket(config);
            }
            LogManager.shutdown();
            stopped.countDown();
            // A stop by SIGTERM/SIGINT is a clean exit: status 0, not the JVM's 128+signal, so
            // service managers and scripts see success (as mcelog exits 0 on SIGTERM).
            Runtime.getRuntime().halt(0);
        }, "mce-sim-stop"));
        try {
            running.set(start(config, log));
        } catch (IOException | RuntimeException e) {
            if (!stopDuringStart.get()) {
                err.println(PROGRAM + ": " + describe(config, e));
            }
            return Cli.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Cli.FAILED;
        } finally {
            startEnded.countDown();
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * The service's own log (Log4j2): the configuration shipped as {@value #LOG_CONFIG} unless the
     * operator names one with {@code -Dlog4j2.configurationFile}.
     */
    static Logger logger() {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:" + LOG_CONFIG);
        }
        // Log4j's own shutdown hook would race ours; the stop below logs, then shuts logging down.
        System.setProperty("log4j2.shutdownHookEnabled", "false");
        return LogManager.getLogger("mce-sim");
    }

    /** Starts the service for {@code config}: the socket's directory is created if missing. */
    static SimulatorService start(ServiceConfig config, Logger log) throws IOException, InterruptedException {
        Path parent = config.socket().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        SimulatorService service = SimulatorService.start(config, MceObserver.NONE,
                PeerPolicy.admins(config.adminUids(), config.adminGids()), log::warn);
        service.logKernelTo(LogManager.getLogger("kernel"));
        log.info("serving {} ({} CPUs, {}, kernel {}, clock {}, faults {})", config.socket(), config.cpus(),
                config.cpuModel().name(), config.kernel().label(), config.clock(), config.faults());
        service.mountDirectory().ifPresent(d -> log.info("also serving the machine as files under {}", d));
        service.tcpAddress().ifPresent(a -> log.info("also serving tcp {}:{} (peers unprivileged)",
                a.getAddress().getHostAddress(), a.getPort()));
        return service;
    }

    /**
     * A start-up failure in one line: the socket another simulator serves, the mount directory and
     * why it cannot be mounted, or the file and the reason a file system operation failed.
     */
    private static String describe(ServiceConfig config, Exception e) {
        if (e instanceof MountFailedException mount) {
            return mount.getMessage();
        }
        if (e instanceof SocketInUseException inUse) {
            return inUse.getMessage() + "; stop it first or choose another --socket";
        }
        if (e instanceof FileAlreadyExistsException f && f.getReason() == null) {
            return "cannot create " + f.getFile() + ": exists and is not a directory";
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return "cannot create " + f.getFile() + ": " + IoReason.of(f);
        }
        return "cannot serve " + config.socket() + ": " + IoReason.of(e);
    }

    /** A stop during start-up: the socket may already be bound by the half-started service. */
    private static void removeSocket(ServiceConfig config) {
        try {
            Files.deleteIfExists(config.socket());
        } catch (IOException e) {
            // nothing more to do on the way out
        }
    }

    static void stop(SimulatorService service, Logger log) {
        try {
            service.close();
            log.info("stopped; {} removed", service.server().socket());
        } catch (IOException | RuntimeException e) { // the hook must still reach its exit
            log.error("stop: {}", e.getMessage());
        }
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
