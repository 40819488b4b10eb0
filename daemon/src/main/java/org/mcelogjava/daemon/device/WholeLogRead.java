package org.mcelogjava.daemon.device;

import java.io.IOException;
import java.util.Optional;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.PollEvents;

/**
 * What mcelog's {@code process()} (mcelog.c) makes of poll's answer and of a whole-log read, the
 * same for both kinds of {@link RecordDevice}: a poll that reports POLLERR, POLLHUP or POLLNVAL is
 * the device failing; MCE_GETCLEAR_FLAGS is asked only after a read that filled the log (a log that
 * overflowed was full), so the overflow is reported with the batch that follows it.
 */
final class WholeLogRead {

    private static final int OVERFLOW = 1 << McelogIoctl.MCE_OVERFLOW;

    /** MCE_GETCLEAR_FLAGS on the open device. */
    @FunctionalInterface
    interface GetclearFlags {
        int ask() throws IOException, DeviceException;
    }

    private WholeLogRead() {
    }

    /**
     * Whether poll's {@code revents} say records are pending.
     *
     * @param failure the start of the message when poll reports a failure ("/dev/mcelog: poll")
     * @throws IOException poll reported POLLERR, POLLHUP or POLLNVAL
     */
    static boolean recordsPending(int revents, String failure) throws IOException {
        if ((revents & (PollEvents.POLLERR | PollEvents.POLLHUP | PollEvents.POLLNVAL)) != 0) {
            throw new IOException(failure + ": revents 0x" + Integer.toHexString(revents));
        }
        return (revents & PollEvents.POLLIN) != 0;
    }

    /** The batch a read of {@code data} makes, asking {@code flags} only when the read filled the log. */
    static Batch batch(byte[] data, int recordLength, int logLength, GetclearFlags flags,
                       Optional<Batch.Numbering> numbering) throws IOException, DeviceException {
        boolean overflowed = data.length / recordLength == logLength && (flags.ask() & OVERFLOW) != 0;
        return new Batch(data, recordLength, overflowed, numbering);
    }
}
