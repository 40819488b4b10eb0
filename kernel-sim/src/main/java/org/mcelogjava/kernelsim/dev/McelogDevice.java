package org.mcelogjava.kernelsim.dev;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.mcelogjava.kernelsim.mca.McelogConsumer;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.PollEvents;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.mce.MceLayout;

/**
 * The {@code /dev/mcelog} character device (arch/x86/kernel/cpu/mce/dev-mcelog.c): the log buffer
 * {@code mcelog} with its overflow flag, exclusive open, the whole-buffer read that clears, poll,
 * the three ioctls and the legacy injection write.
 *
 * <p>The buffer holds {@code len} slots, fixed when the device is created; records occupy the prefix
 * {@code [0, next)} in {@code mce_log} order. When it is full a new record is dropped (the earlier
 * errors are the interesting ones), the overflow bit is set and nobody is woken. The overflow bit
 * survives reads and is cleared only by MCE_GETCLEAR_FLAGS.
 *
 * <p>Beyond the kernel (a simulator extension, PROTOCOL.md §5, READ_HELD): every record a read hands out is
 * numbered in delivery order, and a reader may hold what it read until it acknowledges it; records
 * a reader gives back unacknowledged (it died) are pending again, ahead of the log, with their
 * numbers. Plain reads behave exactly as the kernel's. A streaming reader (STREAM) takes the oldest
 * records as they come, a few at a time ({@link #deliverAtMost}), instead of the whole log.
 *
 * <p>Every operation takes the device's monitor, the role of {@code mce_chrdev_read_mutex} and of
 * {@code mce_chrdev_state_lock}; poll waiters are woken outside it.
 */
public final class McelogDevice implements McelogConsumer {

    /** Bit 0 of {@code flags}: records were dropped. */
    private static final int OVERFLOW = 1 << McelogIoctl.MCE_OVERFLOW;

    private final int len;
    private final int recordLength;
    private final boolean wakeOnLog;
    private final IntPredicate cpuOnline;
    private final LegacyInjector injector;
    private final PersistentRecords persistent;
    private final WaitQueue waitQueue = new WaitQueue();

    private final byte[] entries;
    private int next;
    private int flags;
    private long dropped;
    private long delivered;
    private final NavigableMap<Long, byte[]> returned = new TreeMap<>();
    private boolean apeiReadDone;

    private int openCount;
    private boolean openExclusive;
    private int readers;
    private boolean readersExclusive;
    private boolean opened;
    private Runnable onFirstOpen = () -> { };

    /**
     * @param len          slots in the log: max(32, online CPUs) since v5.7, 32 before
     * @param recordLength {@code sizeof(struct mce)} of the simulated kernel (128 now, 88 on 3.x/early 4.x)
     * @param wakeOnLog    whether {@code dev_mce_log} wakes readers per record (mainline); the 4.0
     *                     profile instead wakes them from {@code mce_notify_irq} via {@link #wakeReaders()}
     * @param cpuOnline    which CPUs are online, for the legacy write's CPU check
     * @param injector     the injector chain a legacy write calls
     * @param persistent   records kept across a reboot (APEI ERST), delivered first
     */
    public McelogDevice(int len, int recordLength, boolean wakeOnLog, IntPredicate cpuOnline,
                        LegacyInjector injector, PersistentRecords persistent) {
        if (len < 1) {
            throw new IllegalArgumentException("log length must be positive, got " + len);
        }
        if (recordLength < MceLayout.LEN_3X || recordLength > MceLayout.SIZE) {
            throw new IllegalArgumentException("record length must be 88..128, got " + recordLength);
        }
        this.len = len;
        this.recordLength = recordLength;
        this.wakeOnLog = wakeOnLog;
        this.cpuOnline = cpuOnline;
        this.injector = injector;
        this.persistent = persistent;
        this.entries = new byte[len * recordLength];
    }

    /**
     * {@code dev_mce_log}: append a copy of the record with {@code finished = 1} and {@code kflags}
     * zeroed, or drop it and set the overflow bit when the log is full.
     */
    @Override
    public void accept(Mce m) {
        synchronized (this) {
            if (next >= len) {
                flags |= OVERFLOW;
                dropped++;
                return;
            }
            Mce copy = m.toBuilder().finished(1).kflags(0).build();
            MceCodec.encode(copy, entries, next * recordLength, recordLength);
            next++;
        }
        if (wakeOnLog) {
            waitQueue.wakeUp();
        }
    }

    /** {@code wake_up_interruptible(&mce_chrdev_wait)} as {@code mce_notify_irq} does in the 4.0 profile. */
    public void wakeReaders() {
        waitQueue.wakeUp();
    }

    /**
     * {@code mce_chrdev_open}: EBUSY if someone holds the device exclusively, or if this open asks
     * for O_EXCL while anyone has it open. Then the simulator's reader exclusion
     * ({@link OpenFlags#EXCL_READERS}, not in the kernel): EBUSY for an open for reading while the
     * only reader holds the device, and for an only-reader open while anyone has it open for reading.
     */
    public synchronized void open(int openFlags) throws ErrnoException {
        if (openExclusive) {
            throw new ErrnoException(Errno.EBUSY, "held exclusively");
        }
        if (OpenFlags.exclusive(openFlags) && openCount > 0) {
            throw new ErrnoException(Errno.EBUSY, "O_EXCL while open " + openCount + " time(s)");
        }
        boolean reads = OpenFlags.readable(openFlags);
        if (reads && readersExclusive) {
            throw new ErrnoException(Errno.EBUSY, "held by its only reader");
        }
        if (OpenFlags.exclusiveReader(openFlags) && readers > 0) {
            throw new ErrnoException(Errno.EBUSY, "only-reader open while open for reading " + readers + " time(s)");
        }
        if (OpenFlags.exclusive(openFlags)) {
            openExclusive = true;
        }
        if (reads) {
            readers++;
            readersExclusive |= OpenFlags.exclusiveReader(openFlags);
        }
        openCount++;
        if (!opened) {
            opened = true;
            onFirstOpen.run();
        }
    }

    /**
     * Runs {@code action} at the device's first successful open, or at once if it has been opened
     * already; the simulator's hook for errors that begin when their reader arrives (not a kernel
     * feature). The action runs under the device's lock, so it must only hand work off.
     */
    public synchronized void onFirstOpen(Runnable action) {
        if (opened) {
            action.run();
        } else {
            onFirstOpen = action;
        }
    }

    /**
     * {@code mce_chrdev_release} of a handle opened with {@code openFlags}: one open fewer;
     * exclusivity ends with any release, as in the kernel. Reader exclusion ends with the only
     * reader's release.
     */
    public synchronized void release(int openFlags) {
        if (openCount == 0) {
            throw new IllegalStateException("release without open");
        }
        openCount--;
        openExclusive = false;
        if (OpenFlags.readable(openFlags)) {
            readers--;
            if (OpenFlags.exclusiveReader(openFlags)) {
                readersExclusive = false;
            }
        }
    }

    /**
     * {@code mce_chrdev_read}: persisted records first, one per call; then, only for a buffer of at
     * least {@code len × recordLength} bytes, every pending record, emptying the log. Returns an
     * empty array when nothing is pending; never blocks. Records given back by a reader that held
     * them come before the log.
     */
    public byte[] read(int count) throws ErrnoException {
        return deliver(count).data();
    }

    /**
     * The same read, numbered: what a READ_HELD returns. The caller holds the records (in a
     * {@link HeldRecords}) until the reader acknowledges them, and {@link #giveBack} what is left.
     */
    public synchronized Delivery deliver(int count) throws ErrnoException {
        if (!apeiReadDone) {
            if (count < recordLength) {
                throw new ErrnoException(Errno.EINVAL, "read of " + count + " bytes, a record is " + recordLength);
            }
            Optional<Mce> kept = persistent.peek();
            if (kept.isPresent()) {
                persistent.clearFirst();
                return numbered(MceCodec.encode(kept.get().toBuilder().finished(1).build(), recordLength));
            }
            apeiReadDone = true;
        }
        if (count < len * recordLength) {
            throw new ErrnoException(Errno.EINVAL, "read of " + count + " bytes, the log needs " + len * recordLength);
        }
        if (!returned.isEmpty()) {
            return returnedRun(len);
        }
        byte[] out = Arrays.copyOf(entries, next * recordLength);
        Arrays.fill(entries, 0, next * recordLength, (byte) 0);
        next = 0;
        return numbered(out);
    }

    /**
     * What the device pushes to a streaming reader (PROTOCOL.md §5, STREAM): at most {@code max}
     * records, numbered and taken in the order a read takes them (a persisted record alone, then
     * records given back, then the log's oldest), the rest of the log moving up; none when nothing
     * is pending. When the log is full at this call, MCE_GETCLEAR_FLAGS is asked as mcelog asks it
     * after a read that filled the log, which clears it, and its value goes with the records; so an
     * overflow is reported with the records that follow it, and its accounting is the kernel's.
     */
    public synchronized StreamedRecords deliverAtMost(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a push takes at least one record, not " + max);
        }
        if (!apeiReadDone) {
            Optional<Mce> kept = persistent.peek();
            if (kept.isPresent()) {
                persistent.clearFirst();
                return new StreamedRecords(numbered(MceCodec.encode(kept.get().toBuilder().finished(1).build(),
                        recordLength)), 0);
            }
            apeiReadDone = true;
        }
        if (!returned.isEmpty()) {
            return new StreamedRecords(returnedRun(max), 0);
        }
        int taken = Math.min(max, next);
        int reported = 0;
        if (next == len) {
            reported = flags;
            flags = 0;
        }
        byte[] out = Arrays.copyOf(entries, taken * recordLength);
        System.arraycopy(entries, taken * recordLength, entries, 0, (next - taken) * recordLength);
        Arrays.fill(entries, (next - taken) * recordLength, next * recordLength, (byte) 0);
        next -= taken;
        return new StreamedRecords(numbered(out), reported);
    }

    /**
     * Records a reader held and never acknowledged (its handle closed or its connection died):
     * pending again, before the log, with their numbers; pollers are woken.
     */
    public void giveBack(Collection<HeldRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        synchronized (this) {
            for (HeldRecord r : records) {
                returned.put(r.sequence(), r.bytes());
            }
        }
        waitQueue.wakeUp();
    }

    private Delivery numbered(byte[] data) {
        Delivery d = new Delivery(delivered, data, recordLength);
        delivered += data.length / recordLength;
        return d;
    }

    /** The oldest given-back records with consecutive numbers, at most {@code max}. */
    private Delivery returnedRun(int max) {
        long first = returned.firstKey();
        int n = 0;
        byte[] out = new byte[Math.min(max, returned.size()) * recordLength];
        for (Map.Entry<Long, byte[]> e = returned.firstEntry(); e != null && e.getKey() == first + n && n < max;
                e = returned.higherEntry(e.getKey())) {
            System.arraycopy(e.getValue(), 0, out, n * recordLength, recordLength);
            n++;
        }
        returned.headMap(first + n).clear();
        return new Delivery(first, Arrays.copyOf(out, n * recordLength), recordLength);
    }

    /** {@code mce_chrdev_poll}'s mask: readable while records (or persisted records) are pending. */
    public synchronized int pollMask() {
        return next != 0 || !returned.isEmpty() || (!apeiReadDone && persistent.size() > 0) ? PollEvents.READABLE : 0;
    }

    /** Sleep on {@code mce_chrdev_wait}: {@code waiter} runs once at the next wake-up. */
    public void addWaiter(Runnable waiter) {
        waitQueue.add(waiter);
    }

    /** Leave the wait queue (a poll that timed out or a client that went away). */
    public void removeWaiter(Runnable waiter) {
        waitQueue.remove(waiter);
    }

    /** Pollers currently asleep on the device. */
    public int waiters() {
        return waitQueue.size();
    }

    /** {@code mce_chrdev_ioctl}: EPERM without CAP_SYS_ADMIN, ENOTTY for unknown commands. */
    public synchronized int ioctl(int command, boolean capSysAdmin) throws ErrnoException {
        if (!capSysAdmin) {
            throw new ErrnoException(Errno.EPERM, McelogIoctl.name(command) + " needs CAP_SYS_ADMIN");
        }
        return switch (command) {
            case McelogIoctl.MCE_GET_RECORD_LEN -> recordLength;
            case McelogIoctl.MCE_GET_LOG_LEN -> len;
            case McelogIoctl.MCE_GETCLEAR_FLAGS -> {
                int old = flags;
                flags = 0;
                yield old;
            }
            default -> throw new ErrnoException(Errno.ENOTTY, "unknown ioctl " + McelogIoctl.name(command));
        };
    }

    /**
     * {@code dev_mce_write}, the legacy injection path: a binary {@code struct mce} of up to the
     * kernel's {@code sizeof(struct mce)} — the record length, 128 now, 88 on the 4.0 profile — (a
     * shorter one leaves the rest zero) for an online CPU, handed to the injector chain. Returns the
     * number of bytes taken.
     */
    public int write(byte[] data, boolean capSysAdmin) throws ErrnoException {
        Mce m = checkedRecord(data, capSysAdmin);
        injector.raise(m);
        return Math.min(data.length, recordLength);
    }

    /**
     * {@code dev_mce_write} by several threads of one process at the same moment, one buffer each
     * (the device protocol's WRITE_TOGETHER): every write is checked as {@link #write} checks it,
     * and the records that pass reach the injector chain together ({@link LegacyInjector#raiseTogether}).
     * Returns what each write returned, in order: the bytes taken, or {@code -errno}.
     */
    public List<Integer> writeTogether(List<byte[]> writes, boolean capSysAdmin) {
        List<Integer> returned = new ArrayList<>(writes.size());
        List<Mce> accepted = new ArrayList<>(writes.size());
        for (byte[] data : writes) {
            try {
                Mce m = checkedRecord(data, capSysAdmin);
                accepted.add(m);
                returned.add(Math.min(data.length, recordLength));
            } catch (ErrnoException e) {
                returned.add(-e.errno().number());
            }
        }
        if (!accepted.isEmpty()) {
            injector.raiseTogether(accepted);
        }
        return List.copyOf(returned);
    }

    /** {@code dev_mce_write}'s checks: CAP_SYS_ADMIN, then a record for an online CPU. */
    private Mce checkedRecord(byte[] data, boolean capSysAdmin) throws ErrnoException {
        if (!capSysAdmin) {
            throw new ErrnoException(Errno.EPERM, "write needs CAP_SYS_ADMIN");
        }
        Mce m = MceCodec.decode(data, 0, Math.min(data.length, recordLength));
        if (m.extcpu() > Integer.MAX_VALUE || !cpuOnline.test((int) m.extcpu())) {
            throw new ErrnoException(Errno.EINVAL, "CPU " + m.extcpu() + " is not online");
        }
        return m;
    }

    /** Slots in the log (MCE_GET_LOG_LEN). */
    public int logLength() {
        return len;
    }

    /** Bytes per record (MCE_GET_RECORD_LEN). */
    public int recordLength() {
        return recordLength;
    }

    /** Records pending now: in the log, and given back by readers that held them. */
    public synchronized int pending() {
        return next + returned.size();
    }

    /** Records dropped because the log was full, since boot (the overflow bit's count; not in the kernel). */
    public synchronized long dropped() {
        return dropped;
    }
}
