package org.mcelogjava.kernelsim.cli;

import java.util.Arrays;
import org.apache.commons.daemon.Daemon;
import org.apache.commons.daemon.DaemonContext;
import org.apache.commons.daemon.DaemonInitException;
import org.apache.logging.log4j.LogManager;
import org.mcelogjava.kernelsim.service.ServiceConfig;
import org.mcelogjava.kernelsim.service.SimulatorService;

/**
 * The simulator under jsvc (Commons Daemon): {@code init} parses the same options as
 * {@code mce-sim run}, {@code start} boots and serves, {@code stop} closes every connection and
 * removes the socket, {@code destroy} forgets the instance and shuts the log down.
 *
 * <pre>jsvc -cp CLASSPATH -pidfile /run/mce-sim.pid org.mcelogjava.kernelsim.cli.MceSimDaemon --cpus 8</pre>
 */
public final class MceSimDaemon implements Daemon {

    private ServiceConfig config;
    private SimulatorService service;

    @Override
    public void init(DaemonContext context) throws DaemonInitException {
        try {
            config = RunOptions.parse(Arrays.asList(context.getArguments()), System.getenv(), RunCommand.isRoot());
        } catch (IllegalArgumentException e) {
            throw new DaemonInitException("mce-sim: " + e.getMessage());
        }
    }

    @Override
    public void start() throws Exception {
        service = RunCommand.start(config, RunCommand.logger());
    }

    @Override
    public void stop() {
        if (service != null) {
            RunCommand.stop(service, RunCommand.logger());
            service = null;
        }
    }

    @Override
    public void destroy() {
        config = null;
        LogManager.shutdown();
    }
}
