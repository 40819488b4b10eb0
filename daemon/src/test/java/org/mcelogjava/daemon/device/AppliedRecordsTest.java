package org.mcelogjava.daemon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.mce.MceLayout;

/** The mark of applied records: a redelivered record is recognised by its identity (boot id + number). */
class AppliedRecordsTest {

    private static final String BOOT = "6f1c2d4e-0000-4000-8000-000000000001";
    private static final String NEXT_BOOT = "6f1c2d4e-0000-4000-8000-000000000002";

    /** A held batch of {@code count} records numbered from {@code first}, each tagged with its number in TSC. */
    private static Batch held(String boot, long first, int count) {
        return new Batch(records(first, count), MceLayout.SIZE, false, Optional.of(new Batch.Numbering(boot, first)));
    }

    private static byte[] records(long first, int count) {
        byte[] data = new byte[count * MceLayout.SIZE];
        for (int i = 0; i < count; i++) {
            byte[] one = MceCodec.encode(Mce.builder().tsc(first + i).build(), MceLayout.SIZE);
            System.arraycopy(one, 0, data, i * MceLayout.SIZE, MceLayout.SIZE);
        }
        return data;
    }

    private static List<Long> tags(Batch b) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < b.count(); i++) {
            out.add(b.record(i).tsc());
        }
        return out;
    }

    @Test
    void aBatchRedeliveredAfterItWasAppliedIsDroppedWhole() {
        AppliedRecords applied = AppliedRecords.none();
        Batch first = applied.unapplied(held(BOOT, 0, 3));
        assertEquals(List.of(0L, 1L, 2L), tags(first));
        applied.applied(first);
        assertEquals(0, applied.unapplied(held(BOOT, 0, 3)).count(), "the ACK was lost; the batch came back");
        assertEquals(List.of(3L), tags(applied.unapplied(held(BOOT, 3, 1))));
    }

    @Test
    void aBatchPartlyAppliedKeepsItsNewRecordsWithTheirNumbers() {
        AppliedRecords applied = AppliedRecords.below(BOOT, 5);
        Batch rest = applied.unapplied(held(BOOT, 3, 4));
        assertEquals(List.of(5L, 6L), tags(rest));
        assertEquals(Optional.of(new Batch.Numbering(BOOT, 5)), rest.numbering());
        applied.applied(rest);
        assertEquals(7, applied.next());
    }

    @Test
    void anotherBootStartsAfresh() {
        AppliedRecords applied = AppliedRecords.below(BOOT, 100);
        Batch batch = held(NEXT_BOOT, 0, 2);
        assertSame(batch, applied.unapplied(batch), "numbers restart with each boot");
        applied.applied(batch);
        assertEquals(NEXT_BOOT, applied.bootId());
        assertEquals(2, applied.next());
    }

    @Test
    void recordsOfAnUnknownBootOrAPlainReadAreNeverDropped() {
        AppliedRecords applied = AppliedRecords.none();
        Batch unknownBoot = held("", 0, 2);
        applied.applied(unknownBoot);
        assertSame(unknownBoot, applied.unapplied(unknownBoot), "the numbers could be another boot's");
        assertEquals("", applied.bootId());
        Batch plain = new Batch(records(0, 2), MceLayout.SIZE, false);
        assertSame(plain, AppliedRecords.below(BOOT, 10).unapplied(plain));
    }

    @Test
    void anOverflowReportSurvivesTheDrop() {
        AppliedRecords applied = AppliedRecords.below(BOOT, 1);
        Batch b = new Batch(records(0, 2), MceLayout.SIZE, true, Optional.of(new Batch.Numbering(BOOT, 0)));
        Batch rest = applied.unapplied(b);
        assertEquals(List.of(1L), tags(rest));
        assertEquals(true, rest.overflowed());
    }
}
