package org.mcelogjava.kernelsim.mm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A simulated process (one-thread {@code task_struct} with its {@code mm}): the pages it maps, its
 * PR_MCE_KILL early-kill choice, the {@code mce_*} fields the #MC handler parks in it for
 * {@code kill_me_maybe}, its pending task work, and the signals it got.
 */
public final class Task {

    /** PR_MCE_KILL policy of the task. */
    public enum KillPolicy { DEFAULT, EARLY, LATE }

    private final int pid;
    private final String comm;
    private final Map<Long, Long> pfnToVaddr = new HashMap<>();
    private final List<Signal> signals = new ArrayList<>();
    private final List<Consumer<Task>> taskWork = new ArrayList<>();
    private KillPolicy killPolicy = KillPolicy.DEFAULT;
    private boolean alive = true;

    // The task_struct mce_* fields filled by queue_task_work().
    private int mceCount;
    private long mceAddr;
    private long mceKflags;
    private boolean mceRipv;
    private boolean mceWholePage;

    public Task(int pid, String comm) {
        this.pid = pid;
        this.comm = comm;
    }

    public int pid() { return pid; }
    public String comm() { return comm; }
    public boolean alive() { return alive; }
    public KillPolicy killPolicy() { return killPolicy; }

    public Task killPolicy(KillPolicy p) {
        killPolicy = p;
        return this;
    }

    /** Maps physical page {@code pfn} at virtual address {@code vaddr}. */
    public Task map(long pfn, long vaddr) {
        pfnToVaddr.put(pfn, vaddr);
        return this;
    }

    public boolean maps(long pfn) {
        return pfnToVaddr.containsKey(pfn);
    }

    public long vaddrOf(long pfn) {
        return pfnToVaddr.get(pfn);
    }

    void unmap(long pfn) {
        pfnToVaddr.remove(pfn);
    }

    /** Signals received, oldest first. */
    public List<Signal> signals() {
        return List.copyOf(signals);
    }

    /** Delivers a signal (force_sig / send_sig); SIGBUS terminates the task. */
    public void deliver(Signal s) {
        signals.add(s);
        alive = false; // SIGBUS's default action terminates the task
    }

    public int mceCount() { return mceCount; }
    public long mceAddr() { return mceAddr; }
    public long mceKflags() { return mceKflags; }
    public boolean mceRipv() { return mceRipv; }
    public boolean mceWholePage() { return mceWholePage; }

    /** {@code ++current->mce_count}. */
    public int incrementMceCount() {
        return ++mceCount;
    }

    public void resetMceCount() {
        mceCount = 0;
    }

    /** The first {@code queue_task_work()} call saves the details for the callback. */
    public void saveMceDetails(long addr, long kflags, boolean ripv, boolean wholePage) {
        mceAddr = addr;
        mceKflags = kflags;
        mceRipv = ripv;
        mceWholePage = wholePage;
    }

    /** {@code task_work_add(..., TWA_RESUME)}. */
    public void addTaskWork(Consumer<Task> work) {
        taskWork.add(work);
    }

    /** Return to user space: run the queued task work ({@code task_work_run}). */
    public void returnToUser() {
        List<Consumer<Task>> work = new ArrayList<>(taskWork);
        taskWork.clear();
        for (Consumer<Task> w : work) {
            w.accept(this);
        }
    }

    public boolean hasTaskWork() {
        return !taskWork.isEmpty();
    }
}
