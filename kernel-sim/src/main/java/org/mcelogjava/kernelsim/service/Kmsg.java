package org.mcelogjava.kernelsim.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.mcelogjava.kernelsim.klog.KernelLog;

/**
 * The kernel log as {@code /dev/kmsg} presents it: each printk record numbered from boot, in the
 * {@code PRIORITY,SEQUENCE,TIMESTAMP_USEC,FLAGS;TEXT} format of
 * Documentation/ABI/testing/dev-kmsg (facility 0, kernel). Unlike the real file, one read returns
 * every record still in the ring, oldest first, one per line.
 */
final class Kmsg {

    private record Entry(long seq, KernelLog.Line line) {
    }

    private final int capacity;
    private final Deque<Entry> ring = new ArrayDeque<>();
    private long nextSeq;

    /** Follows {@code log} from now on, keeping the last {@code capacity} records. */
    Kmsg(KernelLog log, int capacity) {
        this.capacity = capacity;
        for (KernelLog.Line line : log.lines()) {
            append(line);
        }
        log.addListener(this::append);
    }

    private synchronized void append(KernelLog.Line line) {
        if (ring.size() == capacity) {
            ring.removeFirst();
        }
        ring.addLast(new Entry(nextSeq++, line));
    }

    /** The whole ring in the {@code /dev/kmsg} record format. */
    synchronized byte[] show() {
        StringBuilder out = new StringBuilder();
        for (Entry e : ring) {
            out.append(e.line().level().ordinal()).append(',').append(e.seq()).append(',')
                    .append(e.line().nanos() / 1000).append(",-;").append(e.line().text()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
