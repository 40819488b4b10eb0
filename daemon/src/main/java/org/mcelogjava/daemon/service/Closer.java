package org.mcelogjava.daemon.service;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.mcelogjava.client.IoReason;

/**
 * The daemon's one registry of what must be stopped: each part is registered as it starts, and
 * {@link #close()} stops them in the reverse order (the client socket before the accounting it
 * answers from, the log before the pidfile), as a Netty bootstrap's or a Dropwizard lifecycle's
 * managed objects are. A part that fails to stop is reported by name and the others are still
 * stopped.
 */
final class Closer implements AutoCloseable {

    /** How one part stops. */
    @FunctionalInterface
    interface Stop {
        void stop() throws Exception;
    }

    private record Part(String name, Stop stop) {
    }

    private final Deque<Part> parts = new ArrayDeque<>();
    private final Consumer<String> errors;

    /** @param errors where a part that fails to stop is reported ("cannot stop the log journal: ...") */
    Closer(Consumer<String> errors) {
        this.errors = errors;
    }

    /** Registers a part that is stopped by {@code stop}. */
    void add(String name, Stop stop) {
        parts.push(new Part(name, stop));
    }

    /** Stops every part, the last registered first. Closing twice stops nothing twice. */
    @Override
    public void close() {
        while (!parts.isEmpty()) {
            Part p = parts.pop();
            try {
                p.stop().stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.accept("cannot stop " + p.name() + ": interrupted");
            } catch (Exception e) {
                errors.accept("cannot stop " + p.name() + ": " + IoReason.of(e));
            }
        }
    }
}
