package org.mcelogjava.daemon.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.daemon.Daemon;
import org.apache.commons.daemon.DaemonContext;
import org.apache.commons.daemon.DaemonInitException;
import org.apache.commons.daemon.DaemonUserSignal;

/**
 * The daemon under Apache Commons Daemon's jsvc: {@code init} keeps the arguments (the same as
 * {@code mcelog}'s, normally {@code --daemon --foreground ...}), {@code start} runs the daemon on
 * its own thread, {@code stop} ends it as SIGTERM would, and {@code signal} (jsvc's SIGUSR2, since
 * jsvc keeps SIGUSR1 for itself) reopens the log after rotation.
 */
public final class McelogDaemon implements Daemon, DaemonUserSignal {

    private String[] args;
    private Mcelog mcelog;
    private Thread runner;

    @Override
    public void init(DaemonContext context) throws DaemonInitException {
        NettyLogging.toJdkLogging();
        args = context.getArguments().clone();
        mcelog = new Mcelog(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.ISO_8859_1),
                Mcelog.zoneReadAside(), System.getenv(), true);
    }

    @Override
    public void start() {
        runner = new Thread(() -> mcelog.run(args), "mcelog");
        runner.start();
    }

    @Override
    public void stop() throws InterruptedException {
        mcelog.stop();
        runner.join(30_000);
    }

    @Override
    public void destroy() {
        // Nothing left: stop() closed the log and removed the pidfile.
    }

    @Override
    public void signal() {
        mcelog.reopenLog();
    }
}
