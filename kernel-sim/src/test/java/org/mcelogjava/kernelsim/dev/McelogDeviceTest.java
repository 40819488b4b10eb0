package org.mcelogjava.kernelsim.dev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.PollEvents;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;

class McelogDeviceTest {

    private final List<Mce> injected = new ArrayList<>();
    private final PersistentRecords erst = new PersistentRecords();
    private final McelogDevice device = new McelogDevice(4, 128, true, cpu -> cpu < 2, injected::add, erst);

    private static Mce record(int bank) {
        return Mce.builder().status(0x9000000000000000L | bank).bank(bank).kflags(0x10).build();
    }

    private static Errno errnoOf(ThrowingRunnable r) {
        return assertThrows(ErrnoException.class, r::run).errno();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private List<Mce> readAll() throws ErrnoException {
        byte[] data = device.read(4 * 128);
        List<Mce> out = new ArrayList<>();
        for (int off = 0; off < data.length; off += 128) {
            out.add(MceCodec.decode(data, off, 128));
        }
        return out;
    }

    @Test
    void readReturnsEveryPendingRecordInLogOrderAndEmptiesTheLog() throws ErrnoException {
        device.accept(record(1));
        device.accept(record(2));
        List<Mce> got = readAll();
        assertEquals(List.of(1, 2), got.stream().map(Mce::bank).toList());
        assertEquals(0, readAll().size());
        assertEquals(0, device.pending());
    }

    private static List<Integer> banks(StreamedRecords pushed) {
        byte[] data = pushed.delivery().data();
        List<Integer> banks = new ArrayList<>();
        for (int off = 0; off < data.length; off += 128) {
            banks.add(MceCodec.decode(data, off, 128).bank());
        }
        return banks;
    }

    /**
     * A push takes the oldest records, at most as many as asked, numbered on from the reads before
     * it; the rest move up and a record logged after them goes behind them. The overflow flag goes
     * with (and is cleared by) a push that finds the log full, as mcelog asks it after a full read.
     */
    @Test
    void aPushTakesTheOldestRecordsAndReportsAnOverflowWhenItFindsTheLogFull() throws ErrnoException {
        device.accept(record(1));
        device.accept(record(2));
        device.accept(record(3));
        StreamedRecords two = device.deliverAtMost(2);
        assertEquals(List.of(1, 2), banks(two));
        assertEquals(0, two.delivery().firstSequence());
        assertEquals(0, two.flags());
        device.accept(record(4));
        device.accept(record(5));
        device.accept(record(6));
        device.accept(record(7)); // the log holds 3 4 5 6: 7 is dropped
        assertEquals(1, device.dropped());
        StreamedRecords full = device.deliverAtMost(1);
        assertEquals(List.of(3), banks(full));
        assertEquals(2, full.delivery().firstSequence());
        assertEquals(1, full.flags(), "the log was full: the overflow goes with this push");
        assertEquals(0, device.ioctl(McelogIoctl.MCE_GETCLEAR_FLAGS, true), "and the push cleared it");
        assertEquals(List.of(4, 5, 6), banks(device.deliverAtMost(8)));
        assertEquals(0, device.deliverAtMost(8).count());
        assertEquals(List.of(), readAll());
    }

    @Test
    void theDeviceCopyIsFinishedWithKflagsZeroed() throws ErrnoException {
        device.accept(record(3));
        Mce copy = readAll().get(0);
        assertEquals(1, copy.finished());
        assertEquals(0, copy.kflags());
        assertEquals(record(3).status(), copy.status());
    }

    @Test
    void aReadSmallerThanTheWholeLogIsInvalid() {
        device.accept(record(1));
        assertEquals(Errno.EINVAL, errnoOf(() -> device.read(4 * 128 - 1)));
        assertEquals(1, device.pending(), "a refused read must not consume records");
    }

    @Test
    void aFullLogDropsTheNewRecordSetsTheStickyOverflowBitAndWakesNobody() throws ErrnoException {
        for (int bank = 0; bank < 4; bank++) {
            device.accept(record(bank));
        }
        AtomicInteger wakes = new AtomicInteger();
        device.addWaiter(wakes::incrementAndGet);
        device.accept(record(9));
        assertEquals(0, wakes.get());
        assertEquals(List.of(0, 1, 2, 3), readAll().stream().map(Mce::bank).toList());
        assertEquals(1, device.ioctl(McelogIoctl.MCE_GETCLEAR_FLAGS, true), "read does not clear the flag");
        assertEquals(0, device.ioctl(McelogIoctl.MCE_GETCLEAR_FLAGS, true));
    }

    @Test
    void eachStoredRecordWakesThePollersAsleepAtThatMoment() {
        AtomicInteger first = new AtomicInteger();
        device.addWaiter(first::incrementAndGet);
        assertEquals(0, device.pollMask());
        device.accept(record(1));
        assertEquals(1, first.get());
        assertEquals(PollEvents.READABLE, device.pollMask());
        device.accept(record(2));
        assertEquals(1, first.get(), "a woken waiter has left the queue");
        assertEquals(0, device.waiters());
    }

    @Test
    void aFailingWaiterNeitherStopsTheOthersNorTheLog() {
        AtomicInteger woken = new AtomicInteger();
        device.addWaiter(() -> {
            throw new IllegalStateException("event loop gone");
        });
        device.addWaiter(woken::incrementAndGet);
        device.accept(record(1));
        assertEquals(1, woken.get());
        assertEquals(1, device.pending());
    }

    @Test
    void theSeedProfileWakesOnlyFromMceNotifyIrq() {
        McelogDevice old = new McelogDevice(32, 88, false, cpu -> true, LegacyInjector.NONE, erst);
        AtomicInteger wakes = new AtomicInteger();
        old.addWaiter(wakes::incrementAndGet);
        old.accept(record(1));
        assertEquals(0, wakes.get());
        assertEquals(PollEvents.READABLE, old.pollMask());
        old.wakeReaders();
        assertEquals(1, wakes.get());
    }

    @Test
    void theOldRecordLengthCarriesOnly88Bytes() throws ErrnoException {
        McelogDevice old = new McelogDevice(32, 88, false, cpu -> true, LegacyInjector.NONE, erst);
        old.accept(record(5).toBuilder().ppin(0x1234).build());
        assertEquals(88, old.ioctl(McelogIoctl.MCE_GET_RECORD_LEN, true));
        assertEquals(32, old.ioctl(McelogIoctl.MCE_GET_LOG_LEN, true));
        assertEquals(Errno.EINVAL, errnoOf(() -> old.read(32 * 88 - 1)));
        byte[] data = old.read(32 * 88);
        assertEquals(88, data.length);
        assertEquals(0, MceCodec.decode(data).ppin());
    }

    @Test
    void exclusiveOpenRules() throws ErrnoException {
        device.open(OpenFlags.O_RDONLY);
        assertEquals(Errno.EBUSY, errnoOf(() -> device.open(OpenFlags.O_RDONLY | OpenFlags.O_EXCL)));
        device.release(OpenFlags.O_RDONLY);
        device.open(OpenFlags.O_RDONLY | OpenFlags.O_EXCL);
        assertEquals(Errno.EBUSY, errnoOf(() -> device.open(OpenFlags.O_RDONLY)));
        assertEquals(Errno.EBUSY, errnoOf(() -> device.open(OpenFlags.O_WRONLY)), "O_EXCL locks out writers too");
        device.release(OpenFlags.O_RDONLY | OpenFlags.O_EXCL);
        device.open(OpenFlags.O_RDONLY);
    }

    @Test
    void theOnlyReaderLocksOutOtherReadersButNotWriters() throws ErrnoException {
        int daemon = OpenFlags.O_RDONLY | OpenFlags.EXCL_READERS;
        device.open(daemon);
        assertEquals(Errno.EBUSY, errnoOf(() -> device.open(OpenFlags.O_RDONLY)), "a second reader");
        assertEquals(Errno.EBUSY, errnoOf(() -> device.open(OpenFlags.O_RDWR)), "a reader that also writes");
        assertEquals(Errno.EBUSY, errnoOf(() -> device.open(daemon)), "a second only reader");
        device.open(OpenFlags.O_WRONLY);
        assertEquals(Errno.EBUSY, errnoOf(() -> device.open(OpenFlags.O_WRONLY | OpenFlags.O_EXCL)),
                "O_EXCL keeps the kernel's rule: refused while anyone has the device open");
        device.release(OpenFlags.O_WRONLY);
        device.release(daemon);
        device.open(OpenFlags.O_RDONLY);
        assertEquals(Errno.EBUSY, errnoOf(() -> device.open(daemon)), "refused while another reader holds it");
        device.release(OpenFlags.O_RDONLY);
        device.open(daemon);
    }

    @Test
    void ioctlsNeedCapSysAdminAndUnknownCommandsAreNotTty() throws ErrnoException {
        assertEquals(Errno.EPERM, errnoOf(() -> device.ioctl(McelogIoctl.MCE_GET_RECORD_LEN, false)));
        assertEquals(Errno.ENOTTY, errnoOf(() -> device.ioctl(McelogIoctl.ior('M', 4), true)));
        assertEquals(128, device.ioctl(McelogIoctl.MCE_GET_RECORD_LEN, true));
        assertEquals(4, device.ioctl(McelogIoctl.MCE_GET_LOG_LEN, true));
    }

    @Test
    void legacyWriteHandsTheRecordToTheInjectorChain() throws ErrnoException {
        Mce m = Mce.builder().status(0xb000000000000000L).bank(3).extcpu(1).build();
        assertEquals(88, device.write(MceCodec.encode(m, 88), true));
        assertEquals(128, device.write(MceCodec.encode(m, 200), true), "longer writes are clipped to 128");
        assertEquals(List.of(m, m), injected);
        assertEquals(Errno.EPERM, errnoOf(() -> device.write(MceCodec.encode(m, 128), false)));
        Mce offline = m.toBuilder().extcpu(2).build();
        assertEquals(Errno.EINVAL, errnoOf(() -> device.write(MceCodec.encode(offline, 128), true)));
        assertEquals(2, injected.size());
    }

    @Test
    void writesTogetherAreEachCheckedAsAWriteAndTheAcceptedOnesRaisedInOneCall() {
        List<List<Mce>> together = new ArrayList<>();
        McelogDevice dev = new McelogDevice(4, 128, true, cpu -> cpu < 2, new LegacyInjector() {
            @Override
            public void raise(Mce m) {
                together.add(List.of(m));
            }

            @Override
            public void raiseTogether(List<Mce> records) {
                together.add(records);
            }
        }, erst);
        Mce cpu0 = Mce.builder().status(0xb000000000000000L).bank(3).extcpu(0).build();
        Mce cpu1 = cpu0.toBuilder().bank(1).extcpu(1).build();
        Mce offline = cpu0.toBuilder().extcpu(2).build();

        assertEquals(List.of(88, -Errno.EINVAL.number(), 128),
                dev.writeTogether(List.of(MceCodec.encode(cpu0, 88), MceCodec.encode(offline, 128),
                        MceCodec.encode(cpu1, 200)), true), "bytes taken (clipped to 128), or -errno");
        assertEquals(List.of(List.of(cpu0, cpu1)), together, "the offline CPU's record raises nothing");

        assertEquals(List.of(-Errno.EPERM.number(), -Errno.EPERM.number()),
                dev.writeTogether(List.of(MceCodec.encode(cpu0, 88), MceCodec.encode(cpu1, 88)), false));
        assertEquals(1, together.size(), "without CAP_SYS_ADMIN nothing is raised");
    }

    @Test
    void withoutAConcurrentInjectorWritesTogetherRaiseOneAfterAnother() {
        Mce cpu0 = Mce.builder().status(0xb000000000000000L).bank(3).extcpu(0).build();
        Mce cpu1 = cpu0.toBuilder().extcpu(1).build();
        assertEquals(List.of(128, 128), device.writeTogether(
                List.of(MceCodec.encode(cpu0, 128), MceCodec.encode(cpu1, 128)), true));
        assertEquals(List.of(cpu0, cpu1), injected);
    }

    @Test
    void theOldKernelTakesAtMostItsOwn88ByteRecord() throws ErrnoException {
        List<Mce> got = new ArrayList<>();
        McelogDevice old = new McelogDevice(32, 88, false, cpu -> true, got::add, erst);
        Mce m = Mce.builder().status(0xb000000000000000L).bank(3).ppin(0x77).build();
        assertEquals(88, old.write(MceCodec.encode(m, 128), true));
        assertEquals(m.toBuilder().ppin(0).build(), got.get(0), "bytes beyond the old layout are not copied");
    }

    @Test
    void persistedRecordsComeFirstOnePerRead() throws ErrnoException {
        Mce panicRecord = record(7).toBuilder().status(0xbe00000000000000L).build();
        erst.write(panicRecord);
        erst.write(record(8));
        device.accept(record(1));
        assertEquals(PollEvents.READABLE, device.pollMask());
        assertEquals(Errno.EINVAL, errnoOf(() -> device.read(127)));

        byte[] first = device.read(128);
        assertEquals(128, first.length, "a persisted record needs only one record's room");
        assertEquals(panicRecord.toBuilder().finished(1).build(), MceCodec.decode(first));
        assertEquals(8, MceCodec.decode(device.read(4 * 128)).bank());
        assertEquals(List.of(1), readAll().stream().map(Mce::bank).toList());
        assertEquals(0, erst.size());
    }

    @Test
    void emptyLogReadsZeroBytesWithoutBlocking() throws ErrnoException {
        assertArrayEquals(new byte[0], device.read(4 * 128));
    }

    @Test
    void everyDeliveredRecordIsNumberedOnceInDeliveryOrder() throws ErrnoException {
        device.accept(record(1));
        device.accept(record(2));
        Delivery first = device.deliver(4 * 128);
        device.accept(record(3));
        Delivery second = device.deliver(4 * 128);
        assertEquals(0, first.firstSequence());
        assertEquals(2, first.records().size());
        assertEquals(2, second.firstSequence());
        assertEquals(3, MceCodec.decode(second.data(), 0, 128).bank());
        assertEquals(3, device.deliver(4 * 128).firstSequence(), "an empty read numbers nothing");
    }

    @Test
    void recordsGivenBackArePendingAgainBeforeTheLogWithTheirNumbers() throws ErrnoException {
        device.accept(record(1));
        device.accept(record(2));
        HeldRecords held = new HeldRecords();
        held.hold(device.deliver(4 * 128));
        device.accept(record(3));
        AtomicInteger woken = new AtomicInteger();
        device.addWaiter(woken::incrementAndGet);

        device.giveBack(held.drain());

        assertEquals(1, woken.get(), "a give-back wakes pollers");
        assertEquals(PollEvents.READABLE, device.pollMask());
        assertEquals(3, device.pending());
        Delivery again = device.deliver(4 * 128);
        assertEquals(0, again.firstSequence());
        assertEquals(List.of(1, 2), again.records().stream()
                .map(r -> MceCodec.decode(r.bytes(), 0, 128).bank()).toList());
        Delivery log = device.deliver(4 * 128);
        assertEquals(2, log.firstSequence(), "the log's record keeps the next number");
        assertEquals(3, MceCodec.decode(log.data(), 0, 128).bank());
    }

    @Test
    void acknowledgedRecordsAreNotGivenBack() throws ErrnoException {
        for (int bank = 0; bank < 3; bank++) {
            device.accept(record(bank));
        }
        HeldRecords held = new HeldRecords();
        held.hold(device.deliver(4 * 128));
        assertEquals(2, held.acknowledge(2));
        device.giveBack(held.drain());
        Delivery again = device.deliver(4 * 128);
        assertEquals(2, again.firstSequence());
        assertEquals(List.of(2), again.records().stream()
                .map(r -> MceCodec.decode(r.bytes(), 0, 128).bank()).toList());
    }

    @Test
    void givenBackRecordsComeBackAtMostALogAtATimeAndOnlyInConsecutiveRuns() throws ErrnoException {
        List<HeldRecord> back = new ArrayList<>();
        for (long seq : new long[] {10, 11, 12, 13, 14, 20}) {
            back.add(new HeldRecord(seq, MceCodec.encode(record((int) seq), 128)));
        }
        device.giveBack(back);
        Delivery a = device.deliver(4 * 128);
        assertEquals(10, a.firstSequence());
        assertEquals(4, a.records().size(), "a read returns at most len records");
        Delivery b = device.deliver(4 * 128);
        assertEquals(14, b.firstSequence());
        assertEquals(1, b.records().size(), "14 and 20 are not consecutive");
        assertEquals(20, device.deliver(4 * 128).firstSequence());
        assertEquals(0, device.pending());
    }

    @Test
    void droppedRecordsAreCounted() {
        for (int bank = 0; bank < 7; bank++) {
            device.accept(record(bank));
        }
        assertEquals(3, device.dropped());
    }
}
