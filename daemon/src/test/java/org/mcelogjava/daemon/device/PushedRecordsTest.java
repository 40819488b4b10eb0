package org.mcelogjava.daemon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.mce.MceLayout;

/**
 * A wake-up of the device loop takes what the stream pushed meanwhile as one batch: a run of
 * consecutive numbers, never past a push that reports an overflow, numbered for the record identity.
 */
class PushedRecordsTest {

    private static final String BOOT = "6f1c2d4e-0000-4000-8000-000000000001";

    private final PushedRecords pushed = new PushedRecords(MceLayout.SIZE, BOOT);

    /** A push of the records numbered {@code first}.. with banks {@code banks}. */
    private static DeviceResponse.Stream push(long first, int flags, int... banks) {
        byte[] data = new byte[banks.length * MceLayout.SIZE];
        for (int i = 0; i < banks.length; i++) {
            MceCodec.encode(Mce.builder().bank(banks[i]).finished(1).build(), data, i * MceLayout.SIZE, MceLayout.SIZE);
        }
        return new DeviceResponse.Stream(7, first, flags, data);
    }

    private static List<Integer> banks(Batch batch) {
        List<Integer> banks = new ArrayList<>();
        for (int i = 0; i < batch.count(); i++) {
            banks.add(batch.record(i).bank());
        }
        return banks;
    }

    @Test
    void consecutivePushesAreOneBatchNumberedFromTheFirst() throws IOException {
        pushed.pushed(push(0, 0, 1, 2));
        pushed.pushed(push(2, 0, 3));
        assertTrue(pushed.await(0));
        Batch batch = pushed.take();
        assertEquals(List.of(1, 2, 3), banks(batch));
        assertEquals(BOOT, batch.numbering().orElseThrow().bootId());
        assertEquals(0, batch.numbering().orElseThrow().firstSequence());
        assertFalse(batch.overflowed());
        assertEquals(0, pushed.take().count(), "nothing left");
    }

    /** The overflow report goes with the records after the drop: a push that carries it starts a batch. */
    @Test
    void aPushThatReportsAnOverflowStartsABatchOfItsOwn() {
        pushed.pushed(push(0, 0, 1));
        pushed.pushed(push(1, 1, 2, 3));
        pushed.pushed(push(3, 0, 4));
        Batch before = pushed.take();
        assertEquals(List.of(1), banks(before));
        assertFalse(before.overflowed());
        Batch after = pushed.take();
        assertEquals(List.of(2, 3, 4), banks(after));
        assertTrue(after.overflowed());
        assertEquals(1, after.numbering().orElseThrow().firstSequence());
    }

    /** Records given back by a reader that died keep their old numbers: they are a batch apart. */
    @Test
    void recordsGivenBackWithOlderNumbersAreABatchApart() {
        pushed.pushed(push(10, 0, 1, 2));
        pushed.pushed(push(40, 0, 3));
        assertEquals(10, pushed.take().numbering().orElseThrow().firstSequence());
        Batch next = pushed.take();
        assertEquals(List.of(3), banks(next));
        assertEquals(40, next.numbering().orElseThrow().firstSequence());
    }

    @Test
    void theStartReplyCarriesNoRecordsAndWakesNobody() throws IOException {
        pushed.pushed(push(0, 0));
        assertFalse(pushed.await(0));
    }

    /** Records pushed before the connection ended are still taken; then the loss is the loop's to hear. */
    @Test
    void anEndedStreamGivesWhatItHasThenItsCause() throws IOException {
        IOException lost = new IOException("connection to the simulator closed");
        pushed.pushed(push(0, 0, 1));
        pushed.ended(lost);
        assertTrue(pushed.await(-1));
        assertEquals(List.of(1), banks(pushed.take()));
        assertSame(lost, assertThrows(IOException.class, () -> pushed.await(-1)));
    }
}
