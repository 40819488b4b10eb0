package org.mcelogjava.kernelsim.mm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.mcelogjava.kernelsim.klog.KernelLog;

/**
 * {@code memory_failure_queue(pfn, flags)}: the IRQ-safe way to ask for memory_failure or
 * soft_offline_page from a context that cannot sleep (the CEC, APEI/GHES). Each CPU has a kfifo of
 * {@value #FIFO_SIZE} entries and a work item scheduled on that CPU; a full kfifo drops the request
 * with "buffer overflow when queuing memory failure at …". The work item
 * ({@code memory_failure_work_func}) drains its CPU's kfifo in order: MF_SOFT_OFFLINE entries go to
 * {@code soft_offline_page}, the others to {@code memory_failure}.
 */
public final class MemoryFailureQueue {

    /** 1 << MEMORY_FAILURE_FIFO_ORDER. */
    public static final int FIFO_SIZE = 16;

    private record Entry(long pfn, int flags) {
    }

    private final MemoryFailure memoryFailure;
    private final KernelLog log;
    private final IntConsumer scheduleWorkOn;
    private final List<ArrayDeque<Entry>> fifos;

    /**
     * @param cpus           CPUs (one kfifo each)
     * @param scheduleWorkOn {@code schedule_work_on(cpu, &mf_cpu->work)}: queue the CPU's work item,
     *                       which calls {@link #work(int)}
     */
    public MemoryFailureQueue(int cpus, MemoryFailure memoryFailure, KernelLog log, IntConsumer scheduleWorkOn) {
        this.memoryFailure = memoryFailure;
        this.log = log;
        this.scheduleWorkOn = scheduleWorkOn;
        List<ArrayDeque<Entry>> list = new ArrayList<>(cpus);
        for (int i = 0; i < cpus; i++) {
            list.add(new ArrayDeque<>(FIFO_SIZE));
        }
        this.fifos = List.copyOf(list);
    }

    /**
     * Queues a request on {@code cpu}'s kfifo and schedules its work, or drops it with the overflow
     * message when the kfifo is full.
     *
     * @return false if the request was dropped
     */
    public boolean queue(int cpu, long pfn, int flags) {
        boolean overflow;
        ArrayDeque<Entry> fifo = fifos.get(cpu);
        synchronized (fifo) {
            overflow = fifo.size() == FIFO_SIZE;
            if (!overflow) {
                fifo.addLast(new Entry(pfn, flags));
                scheduleWorkOn.accept(cpu);
            }
        }
        if (overflow) {
            log.err(String.format("Memory failure: buffer overflow when queuing memory failure at %#x", pfn));
        }
        return !overflow;
    }

    /** {@code memory_failure_work_func} on {@code cpu}: every queued request, in order. */
    public void work(int cpu) {
        ArrayDeque<Entry> fifo = fifos.get(cpu);
        while (true) {
            Entry e;
            synchronized (fifo) {
                e = fifo.pollFirst();
            }
            if (e == null) {
                return;
            }
            if ((e.flags() & MfFlags.SOFT_OFFLINE) != 0) {
                memoryFailure.softOfflinePage(e.pfn());
            } else {
                memoryFailure.memoryFailure(e.pfn(), e.flags(), null);
            }
        }
    }

    /** Requests waiting on {@code cpu}'s kfifo. */
    public int pending(int cpu) {
        ArrayDeque<Entry> fifo = fifos.get(cpu);
        synchronized (fifo) {
            return fifo.size();
        }
    }
}
