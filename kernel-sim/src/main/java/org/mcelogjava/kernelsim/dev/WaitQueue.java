package org.mcelogjava.kernelsim.dev;

import java.util.ArrayList;
import java.util.List;

/**
 * A wait queue in the kernel's sense ({@code wait_queue_head_t}, here {@code mce_chrdev_wait}):
 * pollers add themselves, {@link #wakeUp()} wakes every current waiter once. A waiter is a
 * callback; it must be cheap (typically it hands the poll reply to a Netty event loop). A waiter
 * that fails does not keep the others asleep, and its failure never reaches the logging path.
 */
final class WaitQueue {

    private final List<Runnable> waiters = new ArrayList<>();

    synchronized void add(Runnable waiter) {
        waiters.add(waiter);
    }

    synchronized boolean remove(Runnable waiter) {
        return waiters.remove(waiter);
    }

    synchronized int size() {
        return waiters.size();
    }

    /** {@code wake_up_interruptible}: every waiter present now runs once and leaves the queue. */
    void wakeUp() {
        List<Runnable> woken;
        synchronized (this) {
            if (waiters.isEmpty()) {
                return;
            }
            woken = List.copyOf(waiters);
            waiters.clear();
        }
        for (Runnable w : woken) {
            try {
                w.run();
            } catch (RuntimeException e) {
                // One broken waiter (a client whose connection is going away) must not stop mce_log.
            }
        }
    }
}
