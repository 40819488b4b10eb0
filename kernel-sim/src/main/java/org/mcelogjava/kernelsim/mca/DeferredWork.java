package org.mcelogjava.kernelsim.mca;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The two deferral mechanisms the MCA code uses to leave exception/NMI context: {@code irq_work}
 * (runs at the next interrupt-enabled point) and the system workqueue ({@code schedule_work},
 * process context). An item already pending is not queued again, as in the kernel.
 */
public final class DeferredWork {

    /** An {@code irq_work} or {@code work_struct}: a callback with a pending bit. */
    public static final class Item {
        private final String name;
        private final Runnable fn;
        private boolean pending;

        public Item(String name, Runnable fn) {
            this.name = name;
            this.fn = fn;
        }

        public String name() {
            return name;
        }
    }

    private final Deque<Item> irqWork = new ArrayDeque<>();
    private final Deque<Item> work = new ArrayDeque<>();

    /** {@code irq_work_queue}: false if already pending. */
    public synchronized boolean irqWorkQueue(Item item) {
        return enqueue(irqWork, item);
    }

    /** {@code schedule_work}: false if already pending. */
    public synchronized boolean scheduleWork(Item item) {
        return enqueue(work, item);
    }

    public synchronized boolean idle() {
        return irqWork.isEmpty() && work.isEmpty();
    }

    /** Runs irq_work first, then process-context work, until both queues are empty. */
    public void drain() {
        while (true) {
            Item next;
            synchronized (this) {
                next = irqWork.pollFirst();
                if (next == null) {
                    next = work.pollFirst();
                }
                if (next == null) {
                    return;
                }
                next.pending = false;
            }
            next.fn.run();
        }
    }

    private static boolean enqueue(Deque<Item> q, Item item) {
        if (item.pending) {
            return false;
        }
        item.pending = true;
        q.addLast(item);
        return true;
    }
}
