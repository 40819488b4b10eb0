package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.kernelsim.clock.Jiffies;
import org.mcelogjava.kernelsim.clock.TimerQueue;
import org.mcelogjava.kernelsim.klog.KernelLog;
import org.mcelogjava.kernelsim.machine.Vendor;
import org.mcelogjava.kernelsim.mm.MemoryFailureQueue;
import org.mcelogjava.kernelsim.mm.MfFlags;
import org.mcelogjava.kernelsim.mm.PhysicalMemory;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The RAS Correctable Errors Collector (drivers/ras/cec.c, {@code CONFIG_RAS_CEC}): a member of the
 * decoder chain at MCE_PRIO_CEC that counts corrected DRAM errors per page and eats them (kflags
 * MCE_HANDLED_CEC, so /dev/mcelog never sees them) until a page reaches the action threshold; that
 * error is let through and the page is soft-offlined through {@code memory_failure_queue}.
 *
 * <p>The state is cec.c's: one page of 512 u64 elements sorted by PFN, each
 * {@code [63..12 PFN | 11..10 generation | 9..0 count]}. An insertion or hit sets the generation to
 * 11b; "spring cleaning" decrements every generation after 128 insertions and on a delayed work
 * every decay interval (24 h; the first one after 86400 <em>jiffies</em>, as cec_init schedules it);
 * a full array drops the element with the smallest generation-and-count. The action threshold is
 * 1023 (the count's maximum), 2 on Intel.
 */
public final class CorrectedErrorsCollector {

    static final int DECAY_BITS = 2;
    static final long DECAY_MASK = (1L << DECAY_BITS) - 1;
    static final int MAX_ELEMS = 4096 / Long.BYTES;
    static final int CLEAN_ELEMS = MAX_ELEMS >> DECAY_BITS;
    static final int COUNT_BITS = PhysicalMemory.PAGE_SHIFT - DECAY_BITS;
    static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    static final long FULL_COUNT_MASK = 4096 - 1;
    /** Decay interval bounds and default, in seconds. */
    public static final long DECAY_DEFAULT_INTERVAL = 24 * 60 * 60;
    public static final long DECAY_MIN_INTERVAL = 60 * 60;
    public static final long DECAY_MAX_INTERVAL = 30 * 24 * 60 * 60;

    private static final long UC = 1L << 61;
    private static final long DEFERRED = 1L << 44;
    private static final String[] BINS = {"00", "01", "10", "11"};

    private final McaContext ctx;
    private final MceRecords records;
    private final TimerQueue timers;
    private final MemoryFailureQueue mfQueue;
    private final PhysicalMemory memory;
    private final long[] array = new long[MAX_ELEMS];
    private int n;
    private int decayCount;
    private long pfnsPoisoned;
    private long cesEntered;
    private long decaysDone;
    private long actionThreshold = COUNT_MASK;
    private long decayInterval = DECAY_DEFAULT_INTERVAL;
    private long dfsPfn;
    private TimerQueue.Timer work;

    /** {@code cec_init}: the threshold by vendor, the decay work armed, the init message. */
    public CorrectedErrorsCollector(McaContext ctx, MceRecords records, TimerQueue timers,
                                    MemoryFailureQueue mfQueue, PhysicalMemory memory) {
        this.ctx = ctx;
        this.records = records;
        this.timers = timers;
        this.mfQueue = mfQueue;
        this.memory = memory;
        if (ctx.machine().profile().vendor() == Vendor.INTEL) {
            actionThreshold = 2;
        }
        armWork(Jiffies.toNanos(DECAY_DEFAULT_INTERVAL));
        ctx.log().info("RAS: Correctable Errors collector initialized.");
    }

    /** {@code cec_nb}: eats corrected DRAM errors with a usable address unless they reach the threshold. */
    public MceNotifier notifier() {
        return new MceNotifier() {
            @Override
            public int priority() {
                return PRIO_CEC;
            }

            @Override
            public Mce notify(Mce m) {
                if (memoryError(m) && correctable(m) && records.usableAddress(m)
                        && addElem(m.addr() >>> PhysicalMemory.PAGE_SHIFT, (int) m.extcpu()) == 0) {
                    return m.toBuilder().kflags(m.kflags() | KFlags.HANDLED_CEC).build();
                }
                return m;
            }
        };
    }

    /**
     * {@code cec_add_elem(pfn)} on {@code cpu}.
     *
     * @return 0 when counted, 1 when the page reached the action threshold (and was queued for
     *         soft offline if it is RAM)
     */
    public synchronized int addElem(long pfn, int cpu) {
        cesEntered++;
        if (n == MAX_ELEMS) {
            deleteLru();
        }
        int to = find(pfn);
        if (to < 0) {
            to = -to - 1;
            System.arraycopy(array, to, array, to + 1, n - to);
            array[to] = pfn << PhysicalMemory.PAGE_SHIFT;
            n++;
        }
        array[to] |= DECAY_MASK << COUNT_BITS;
        array[to]++;
        if ((array[to] & COUNT_MASK) >= actionThreshold) {
            long hit = array[to] >>> PhysicalMemory.PAGE_SHIFT;
            if (memory.page(hit) == null) {
                ctx.log().print(KernelLog.Level.WARNING, String.format("RAS: CEC: Invalid pfn: 0x%x", hit));
            } else {
                ctx.log().err(String.format("RAS: Soft-offlining pfn: 0x%x", hit));
                mfQueue.queue(cpu, hit, MfFlags.SOFT_OFFLINE);
                pfnsPoisoned++;
            }
            deleteElem(to);
            return 1;
        }
        if (++decayCount >= CLEAN_ELEMS) {
            springCleaning();
        }
        return 0;
    }

    /** debugfs {@code ras/cec/pfn} store: remembers the value and counts one error there. */
    public synchronized void debugfsPfn(long pfn, int cpu) {
        dfsPfn = pfn;
        addElem(pfn, cpu);
    }

    public synchronized long debugfsPfn() {
        return dfsPfn;
    }

    public synchronized long actionThreshold() {
        return actionThreshold;
    }

    /** debugfs {@code action_threshold} store: values above the count's maximum are clamped. */
    public synchronized void actionThreshold(long value) {
        actionThreshold = Long.compareUnsigned(value, COUNT_MASK) > 0 ? COUNT_MASK : value;
    }

    public synchronized long decayInterval() {
        return decayInterval;
    }

    /**
     * debugfs {@code decay_interval} store: seconds within [1 h, 30 days], re-arming the decay work.
     *
     * @return false (EINVAL) if out of range
     */
    public synchronized boolean decayInterval(long seconds) {
        if (seconds < DECAY_MIN_INTERVAL || seconds > DECAY_MAX_INTERVAL) {
            return false;
        }
        decayInterval = seconds;
        armWork(Jiffies.toNanos(seconds * Jiffies.HZ));
        return true;
    }

    /** Elements in the array. */
    public synchronized int size() {
        return n;
    }

    /** The error count of {@code pfn}'s element, 0 if it has none. */
    public synchronized int count(long pfn) {
        int i = find(pfn);
        return i < 0 ? 0 : (int) (array[i] & COUNT_MASK);
    }

    /** The generation (decay) bits of {@code pfn}'s element, -1 if it has none. */
    public synchronized int generation(long pfn) {
        int i = find(pfn);
        return i < 0 ? -1 : (int) ((array[i] >>> COUNT_BITS) & DECAY_MASK);
    }

    /** debugfs {@code ras/cec/array}: the elements, then the statistics, as {@code array_show} prints them. */
    public synchronized String show() {
        StringBuilder sb = new StringBuilder();
        sb.append("{ n: ").append(n).append('\n');
        for (int i = 0; i < n; i++) {
            sb.append(String.format(" %3d: [%016x|%s|%03x]\n", i, array[i] >>> PhysicalMemory.PAGE_SHIFT,
                    BINS[(int) ((array[i] >>> COUNT_BITS) & DECAY_MASK)], array[i] & COUNT_MASK));
        }
        sb.append("}\n");
        sb.append("Stats:\nCEs: ").append(Long.toUnsignedString(cesEntered))
                .append("\nofflined pages: ").append(Long.toUnsignedString(pfnsPoisoned)).append('\n');
        sb.append("Flags: 0x0\n");
        sb.append("Decay interval: ").append(decayInterval).append(" seconds\n");
        sb.append("Decays: ").append(decaysDone).append('\n');
        sb.append("Action threshold: ").append(actionThreshold).append('\n');
        return sb.toString();
    }

    /** {@code mce_is_memory_error}: Intel's MCACOD classes; AMD's UMC banks (SMCA) or bank 4 with XEC 8. */
    private boolean memoryError(Mce m) {
        if (ctx.intelLike()) {
            return MceRecords.isMemoryError(m);
        }
        int xec = (int) ((m.status() >>> 16) & 0x1f);
        if (ctx.machine().profile().smca()) {
            long hwid = (m.ipid() >>> 32) & 0xfff;
            long mcaType = m.ipid() >>> 48;
            return hwid == 0x96 && mcaType == 0 && xec == 0;
        }
        return m.bank() == 4 && xec == 0x8;
    }

    /** {@code mce_is_correctable}: not UC, and on AMD/Hygon not deferred. */
    private boolean correctable(Mce m) {
        Vendor v = ctx.machine().profile().vendor();
        if ((v == Vendor.AMD || v == Vendor.HYGON) && (m.status() & DEFERRED) != 0) {
            return false;
        }
        return (m.status() & UC) == 0;
    }

    /** Binary search by PFN: the index, or {@code -(insertion point) - 1}. */
    private int find(long pfn) {
        int min = 0;
        int max = n - 1;
        while (min <= max) {
            int i = (min + max) >>> 1;
            long p = array[i] >>> PhysicalMemory.PAGE_SHIFT;
            int cmp = Long.compareUnsigned(p, pfn); // u64, as in cec.c
            if (cmp < 0) {
                min = i + 1;
            } else if (cmp > 0) {
                max = i - 1;
            } else {
                return i;
            }
        }
        return -min - 1;
    }

    private void deleteElem(int idx) {
        System.arraycopy(array, idx + 1, array, idx, n - idx - 1);
        n--;
    }

    /** {@code del_lru_elem_unlocked}: the first element with the smallest generation-and-count. */
    private void deleteLru() {
        long min = FULL_COUNT_MASK;
        int minIdx = 0;
        for (int i = 0; i < n; i++) {
            long full = array[i] & FULL_COUNT_MASK;
            if (min > full) {
                min = full;
                minIdx = i;
            }
        }
        deleteElem(minIdx);
    }

    /** {@code do_spring_cleaning}: every element's generation one lower (not below 0). */
    private void springCleaning() {
        for (int i = 0; i < n; i++) {
            long decay = (array[i] >>> COUNT_BITS) & DECAY_MASK;
            if (decay != 0) {
                array[i] = (array[i] & ~(DECAY_MASK << COUNT_BITS)) | ((decay - 1) << COUNT_BITS);
            }
        }
        decayCount = 0;
        decaysDone++;
    }

    /** {@code mod_delayed_work(system_wq, &cec_work, delay)}. */
    private void armWork(long delayNanos) {
        if (work != null) {
            work.cancel();
        }
        work = timers.schedule(ctx.clock().nanoTime() + delayNanos, this::workFn);
    }

    /** {@code cec_work_fn}: spring cleaning, then the next one a decay interval later. */
    private synchronized void workFn() {
        springCleaning();
        armWork(Jiffies.toNanos(decayInterval * Jiffies.HZ));
    }
}
