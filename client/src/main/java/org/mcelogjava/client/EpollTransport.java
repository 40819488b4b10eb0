package org.mcelogjava.client;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.IOException;

/** Netty's epoll transport, which every Unix socket of the project's programs uses, or why it cannot load. */
public final class EpollTransport {

    /** Netty's native epoll library cannot be loaded: nothing about the socket or its server. */
    public static final class Unavailable extends IOException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private EpollTransport() {
    }

    /**
     * The factory of epoll I/O handlers for an event loop group.
     *
     * @throws Unavailable when Netty's native epoll library cannot be loaded: Netty's reason, and where
     *                     the library comes from (the launchers' lib/native, else a copy in the
     *                     temporary directory that must be executable)
     */
    public static IoHandlerFactory ioHandlers() throws Unavailable {
        if (!Epoll.isAvailable()) {
            throw new Unavailable("cannot load Netty's native epoll library: " + Epoll.unavailabilityCause().getMessage()
                    + " (the launchers in bin/ load it from the tree's lib/native/linux-x86_64, for x86-64 machines;"
                    + " otherwise Netty copies it to " + System.getProperty("java.io.tmpdir")
                    + ", which must not be mounted noexec)");
        }
        return EpollIoHandler.newFactory();
    }
}
