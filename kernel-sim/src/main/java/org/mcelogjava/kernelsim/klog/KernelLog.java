package org.mcelogjava.kernelsim.klog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.mcelogjava.kernelsim.clock.KernelClock;

/**
 * The kernel's printk ring: bounded, oldest lines dropped first, each line stamped with the
 * monotonic time like {@code dmesg}. Listeners (for example a Log4j2 bridge in a service) see
 * every line as it is printed.
 */
public final class KernelLog {

    /** Log levels as printk's KERN_* prefixes. */
    public enum Level { EMERG, ALERT, CRIT, ERR, WARNING, NOTICE, INFO, DEBUG }

    /** One printed line. */
    public record Line(long nanos, Level level, String text) {
        /** {@code dmesg} style: {@code [    1.000000] text}. */
        public String dmesg() {
            return String.format("[%5d.%06d] %s", nanos / 1_000_000_000L, (nanos / 1000) % 1_000_000, text);
        }
    }

    private final KernelClock clock;
    private final int capacity;
    private final Deque<Line> ring = new ArrayDeque<>();
    private final List<Consumer<Line>> listeners = new CopyOnWriteArrayList<>();

    public KernelLog(KernelClock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.clock = clock;
        this.capacity = capacity;
    }

    public void print(Level level, String text) {
        Line line = new Line(clock.nanoTime(), level, text);
        synchronized (ring) {
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(line);
        }
        for (Consumer<Line> l : listeners) {
            l.accept(line);
        }
    }

    public void emerg(String text) { print(Level.EMERG, text); }
    public void err(String text) { print(Level.ERR, text); }
    public void info(String text) { print(Level.INFO, text); }

    public void addListener(Consumer<Line> listener) {
        listeners.add(listener);
    }

    /** A snapshot of the ring, oldest first. */
    public List<Line> lines() {
        synchronized (ring) {
            return new ArrayList<>(ring);
        }
    }

    /** True if any line contains {@code fragment}. */
    public boolean contains(String fragment) {
        return lines().stream().anyMatch(l -> l.text().contains(fragment));
    }
}
