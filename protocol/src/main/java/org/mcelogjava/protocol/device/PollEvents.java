package org.mcelogjava.protocol.device;

/**
 * {@code poll(2)} event bits (asm-generic/poll.h). {@code mce_chrdev_poll} reports
 * {@code POLLIN | POLLRDNORM} while the log holds records and nothing otherwise; the device is never
 * writable.
 */
public final class PollEvents {

    public static final int POLLIN = 0x0001;
    public static final int POLLPRI = 0x0002;
    public static final int POLLOUT = 0x0004;
    public static final int POLLERR = 0x0008;
    public static final int POLLHUP = 0x0010;
    public static final int POLLNVAL = 0x0020;
    public static final int POLLRDNORM = 0x0040;
    /** What the device reports when records are pending. */
    public static final int READABLE = POLLIN | POLLRDNORM;
    /** Timeout of a POLL request that waits until the device is readable. */
    public static final int WAIT_FOREVER = -1;

    private PollEvents() {
    }

    /**
     * The revents {@code poll(2)} returns for a device mask: the requested events plus the ones
     * poll always reports (POLLERR, POLLHUP, POLLNVAL).
     */
    public static int revents(int deviceMask, int requested) {
        return deviceMask & (requested | POLLERR | POLLHUP | POLLNVAL);
    }
}
