package org.mcelogjava.kernelsim.mca;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mcelogjava.protocol.mce.Mce;

/**
 * core.c's {@code mce_panic()} and the generic {@code panic()}: only the first CPU proceeds, it
 * prints the records still in the gen pool (corrected first, then uncorrected, the final record
 * last), writes them to the persistent store (APEI ERST), prints "Machine check: exp" and panics.
 * With debugfs {@code mce/fake_panic} set it prints "Fake kernel panic: msg" once and returns.
 */
public final class MachineCheckPanic {

    private static final long UC = 1L << 61;

    private final McaContext ctx;
    private final MceGenPool pool;
    private final List<Mce> erst = new ArrayList<>();
    private final Consumer<Mce> apeiWrite;
    private int panicked;
    private int fakePanicked;
    private boolean cpuMissing;
    private volatile boolean halted;
    private String panicMessage;

    /**
     * @param apeiWrite {@code apei_write_mce}: where records printed at panic are persisted for
     *                  the next boot (the device's ERST store)
     */
    public MachineCheckPanic(McaContext ctx, MceGenPool pool, Consumer<Mce> apeiWrite) {
        this.ctx = ctx;
        this.pool = pool;
        this.apeiWrite = apeiWrite;
    }

    /** {@code mce_reset()}'s {@code mce_fake_panicked = 0}: the next fake panic prints again. */
    public synchronized void resetFakePanicked() {
        fakePanicked = 0;
    }

    /** True once a real panic happened: the machine accepts no more records. */
    public boolean halted() {
        return halted;
    }

    public synchronized String panicMessage() {
        return panicMessage;
    }

    /** ≤5.17 {@code cpu_missing}: a rendezvous timed out without panicking. */
    public synchronized void cpuMissing() {
        cpuMissing = true;
    }

    /** Records written to ERST at panic time, oldest first (delivered first after a reboot). */
    public synchronized List<Mce> persistedRecords() {
        return List.copyOf(erst);
    }

    /** {@code atomic_read(&mce_panicked)}. */
    public synchronized boolean mcePanicked() {
        return panicked > 0;
    }

    /**
     * {@code mce_panic(msg, final, exp)}.
     *
     * @throws KernelPanic unless fake_panic is set
     */
    public void mcePanic(String msg, Mce fin, String exp) {
        boolean fake = ctx.config().fakePanic();
        synchronized (this) {
            if (!fake) {
                if (++panicked > 1) {
                    throw new KernelPanic("wait_for_panic"); // another CPU is already panicking
                }
            } else if (++fakePanicked > 1) {
                return;
            }
        }
        ctx.observer().panic(msg, fin, exp, fake);
        List<Mce> pending = pool.prepareRecords();
        boolean smca = ctx.machine().profile().smca();
        for (Mce m : pending) {
            if ((m.status() & UC) == 0) {
                printAndPersist(m, smca);
            }
        }
        for (Mce m : pending) {
            if ((m.status() & UC) != 0 && (fin == null || !sameError(m, fin))) {
                printAndPersist(m, smca);
            }
        }
        if (fin != null) {
            printAndPersist(fin, smca);
        }
        synchronized (this) {
            if (cpuMissing) {
                ctx.log().emerg(MceConsole.HW_ERR + "Some CPUs didn't answer in synchronization");
            }
        }
        if (exp != null) {
            ctx.log().emerg(MceConsole.HW_ERR + "Machine check: " + exp);
        }
        if (fake) {
            ctx.log().emerg(MceConsole.HW_ERR + "Fake kernel panic: " + msg);
            return;
        }
        halt(msg);
    }

    /** The generic {@code panic(msg)}, e.g. from memory_failure with recovery disabled. */
    public void panic(String msg) {
        synchronized (this) {
            if (++panicked > 1) {
                throw new KernelPanic("wait_for_panic");
            }
        }
        ctx.observer().panic(msg, null, null, false);
        halt(msg);
    }

    private void halt(String msg) {
        synchronized (this) {
            panicMessage = msg;
        }
        ctx.log().emerg("Kernel panic - not syncing: " + msg);
        halted = true;
        throw new KernelPanic(msg);
    }

    private void printAndPersist(Mce m, boolean smca) {
        MceConsole.print(ctx.log(), m, smca);
        synchronized (this) {
            erst.add(m);
        }
        apeiWrite.accept(m);
    }

    /** {@code mce_cmp()}. */
    private static boolean sameError(Mce a, Mce b) {
        return a.bank() == b.bank() && a.status() == b.status() && a.addr() == b.addr() && a.misc() == b.misc();
    }
}
