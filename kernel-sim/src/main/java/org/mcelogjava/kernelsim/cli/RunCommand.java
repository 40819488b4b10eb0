package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.kernelsim.service.ServiceConfig;
import org.mcelogjava.kernelsim.service.SimulatorService;

/**
 * {@code mce-sim run}: the simulator in the foreground until SIGTERM or SIGINT, which stop it
 * cleanly (clients see their connection close, the socket file is removed).
 */
final class RunCommand {

    static final String LOG_CONFIG = "mce-sim-log4j2.xml";

    private RunCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help")) {
            out.print(RunOptions.HELP);
            return 0;
        }
        ServiceConfig config;
        try {
            config = RunOptions.parse(args, System.getenv(), isRoot());
        } catch (IllegalArgumentException e) {
            err.println("mce-sim run: " + e.getMessage());
            return 2;
        }
        Logger log = logger();
        SimulatorService service;
        try {
            service = start(config, log);
        } catch (IOException | RuntimeException e) {
            err.println("mce-sim run: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(service, log);
            LogManager.shutdown();
            stopped.countDown();
            // A stop by SIGTERM/SIGINT is a clean exit: status 0, not the JVM's 128+signal, so
            // service managers and scripts see success (as mcelog exits 0 on SIGTERM).
            Runtime.getRuntime().halt(0);
        }, "mce-sim-stop"));
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
        service.tcpAddress().ifPresent(a -> log.info("also serving tcp {}:{} (peers unprivileged)",
                a.getAddress().getHostAddress(), a.getPort()));
        return service;
    }

    static void stop(SimulatorService service, Logger log) {
        try {
            service.close();
            log.info("stopped; {} removed", service.server().socket());
        } catch (IOException e) {
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
