package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.kernelsim.mm.MemoryFailure;
import org.mcelogjava.kernelsim.mm.MfFlags;
import org.mcelogjava.kernelsim.mm.Errno;
import org.mcelogjava.kernelsim.mm.Signal;
import org.mcelogjava.kernelsim.mm.Task;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The user-mode recovery core.c defers to the return to user space: {@code queue_task_work()}
 * (with its limits: more than 10 consecutive machine checks, or a second one on a different page,
 * panic), {@code kill_me_maybe()} (memory_failure with MF_ACTION_REQUIRED, plain SIGBUS if that
 * fails) and {@code kill_me_now()} (plain SIGBUS).
 */
public final class TaskWork {

    /** Which callback {@code queue_task_work} installs. */
    public enum Callback { KILL_ME_MAYBE, KILL_ME_NOW, KILL_ME_NEVER }

    private final McaContext ctx;
    private final MceRecords records;
    private final MemoryFailure mf;
    private final MachineCheckPanic panic;

    public TaskWork(McaContext ctx, MceRecords records, MemoryFailure mf, MachineCheckPanic panic) {
        this.ctx = ctx;
        this.records = records;
        this.mf = mf;
        this.panic = panic;
    }

    /** {@code queue_task_work(err, msg, func)} on the task running on {@code cpu}. */
    public void queue(int cpu, Mce m, String msg, Callback func) {
        Task t = ctx.cpu(cpu).current();
        int count = t.incrementMceCount();
        if (count == 1) {
            t.saveMceDetails(m.addr(), m.kflags(), (m.mcgstatus() & 1) != 0, records.wholePage(m));
        }
        if (count > 10) {
            panic.mcePanic("Too many consecutive machine checks while accessing user data", m, msg);
        }
        if (count > 1 && (t.mceAddr() >>> 12) != (m.addr() >>> 12)) {
            panic.mcePanic("Consecutive machine checks to different user pages", m, msg);
        }
        if (count > 1) {
            return;
        }
        t.addTaskWork(task -> run(cpu, task, func));
    }

    private void run(int cpu, Task t, Callback func) {
        switch (func) {
            case KILL_ME_MAYBE -> killMeMaybe(cpu, t);
            case KILL_ME_NOW -> killMeNow(cpu, t, "kill_me_now");
            case KILL_ME_NEVER -> killMeNever(cpu, t);
        }
    }

    private void killMeMaybe(int cpu, Task t) {
        t.resetMceCount();
        ctx.log().err(String.format("mce: Uncorrected hardware memory error in user-access at %x", t.mceAddr()));
        int flags = MfFlags.ACTION_REQUIRED | (t.mceRipv() ? 0 : MfFlags.MUST_KILL);
        long pfn = (t.mceAddr() & 0x000f_ffff_ffff_ffffL) >>> 12;
        int ret = mf.memoryFailure(pfn, flags, t);
        ctx.observer().memoryFailure(cpu, pfn, flags, "kill_me_maybe", ret);
        if (ret == 0 || ret == -Errno.EHWPOISON || ret == -Errno.EOPNOTSUPP) {
            return;
        }
        ctx.log().err("mce: Memory error not recovered");
        killMeNow(cpu, t, "kill_me_maybe: Memory error not recovered");
    }

    private void killMeNow(int cpu, Task t, String how) {
        t.resetMceCount();
        t.deliver(new Signal(t.pid(), Signal.Code.SI_KERNEL, 0, 0));
        ctx.observer().killed(cpu, t.pid(), how);
    }

    private void killMeNever(int cpu, Task t) {
        t.resetMceCount();
        ctx.log().err(String.format("mce: Kernel accessed poison in user space at %x", t.mceAddr()));
        long pfn = (t.mceAddr() & 0x000f_ffff_ffff_ffffL) >>> 12;
        int ret = mf.memoryFailure(pfn, 0, null);
        ctx.observer().memoryFailure(cpu, pfn, 0, "kill_me_never", ret);
    }
}
