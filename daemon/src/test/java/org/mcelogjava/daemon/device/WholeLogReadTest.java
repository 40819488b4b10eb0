package org.mcelogjava.daemon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.PollEvents;

/** mcelog's {@code process()} rules both device kinds share: poll's answer, and when the overflow flag is asked. */
class WholeLogReadTest {

    private static final int RECORD = 8;
    private static final int LOG = 4;
    private static final int OVERFLOW = 1 << McelogIoctl.MCE_OVERFLOW;

    @Test
    void theOverflowFlagIsAskedOnlyAfterAReadThatFilledTheLog() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        WholeLogRead.GetclearFlags flags = () -> {
            asked.incrementAndGet();
            return OVERFLOW;
        };
        assertFalse(WholeLogRead.batch(new byte[3 * RECORD], RECORD, LOG, flags, Optional.empty()).overflowed());
        assertEquals(0, asked.get(), "a log that was not full cannot have overflowed");

        Batch full = WholeLogRead.batch(new byte[LOG * RECORD], RECORD, LOG, flags, Optional.empty());
        assertTrue(full.overflowed());
        assertEquals(1, asked.get());
        assertFalse(WholeLogRead.batch(new byte[LOG * RECORD], RECORD, LOG, () -> 0, Optional.empty()).overflowed());
    }

    @Test
    void pollSaysPendingOnPollinAndFailsOnErrorHangUpOrABadDescriptor() throws Exception {
        assertTrue(WholeLogRead.recordsPending(PollEvents.READABLE, "/dev/mcelog: poll"));
        assertFalse(WholeLogRead.recordsPending(0, "/dev/mcelog: poll"));
        IOException e = assertThrows(IOException.class,
                () -> WholeLogRead.recordsPending(PollEvents.POLLIN | PollEvents.POLLHUP, "/dev/mcelog: poll"));
        assertEquals("/dev/mcelog: poll: revents 0x11", e.getMessage());
        assertThrows(IOException.class, () -> WholeLogRead.recordsPending(PollEvents.POLLNVAL, "device poll failed"));
        assertThrows(IOException.class, () -> WholeLogRead.recordsPending(PollEvents.POLLERR, "device poll failed"));
    }
}
