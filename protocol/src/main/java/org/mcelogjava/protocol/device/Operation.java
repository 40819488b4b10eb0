package org.mcelogjava.protocol.device;

import java.util.Optional;

/**
 * The operations of the device protocol, one request/response pair each. The request frame type is
 * {@link #requestType()}; its reply has the same type with {@link DeviceProtocol#RESPONSE_BIT} set.
 * The device operations mirror the {@code file_operations} of {@code /dev/mcelog} in
 * arch/x86/kernel/cpu/mce/dev-mcelog.c; the attribute operations mirror a read, write or
 * {@code getdents} on a sysfs or debugfs file.
 */
public enum Operation {
    /** Handshake: magic, protocol version, identities. */
    HELLO(0x01),
    /** {@code open("/dev/mcelog", flags)}: {@code mce_chrdev_open}. */
    OPEN(0x02),
    /** {@code close(fd)}: {@code mce_chrdev_release}. */
    CLOSE(0x03),
    /** {@code read(fd, buf, count)}: {@code mce_chrdev_read}. */
    READ(0x04),
    /** {@code write(fd, mce, count)}: {@code mce_chrdev_write}, the legacy injection path. */
    WRITE(0x05),
    /** {@code ioctl(fd, cmd, &value)}: {@code mce_chrdev_ioctl}. */
    IOCTL(0x06),
    /** {@code poll(fd, events, timeout)}: {@code mce_chrdev_poll} plus the wait. */
    POLL(0x07),
    /** Read a whole sysfs/debugfs attribute (its {@code show} method). */
    ATTR_READ(0x08),
    /** Write a sysfs/debugfs attribute (its {@code store} method). */
    ATTR_WRITE(0x09),
    /** List a sysfs/debugfs directory. */
    ATTR_LIST(0x0A),
    /** {@code init_module(2)}: load a module image (a jar) with its parameters. */
    INIT_MODULE(0x0B),
    /** {@code delete_module(2)}: unload a module by name. */
    DELETE_MODULE(0x0C),
    /**
     * Simulator extension: a READ whose records stay held by the handle, numbered, until ACK; a
     * handle closed (or a connection lost) with records unacknowledged gives them back to the log.
     */
    READ_HELD(0x0D),
    /** Simulator extension: release the records a handle holds from READ_HELD, up to a sequence number. */
    ACK(0x0E),
    /**
     * Simulator extension: the {@code write(fd)}s that several threads of one process make at the
     * same moment on one open handle (mce-inject's per-CPU threads after their barrier), each
     * checked as {@link #WRITE}, the accepted records handed to the injector together.
     */
    WRITE_TOGETHER(0x0F),
    /**
     * Simulator extension: the device pushes a readable handle's records as they are logged, held
     * as READ_HELD holds them, while the handle holds fewer than the window the reader granted;
     * its replies keep coming on the request's tag until the stream is stopped or replaced.
     */
    STREAM(0x10);

    /** The operations, once: {@code values()} copies its array at every call, and this runs for every frame. */
    private static final Operation[] ALL = values();

    private final int requestType;

    Operation(int requestType) {
        this.requestType = requestType;
    }

    /** Frame type of the request. */
    public int requestType() {
        return requestType;
    }

    /** Frame type of the reply. */
    public int responseType() {
        return requestType | DeviceProtocol.RESPONSE_BIT;
    }

    /** The operation whose request has this frame type. */
    public static Optional<Operation> fromRequestType(int type) {
        for (Operation op : ALL) {
            if (op.requestType == type) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /** The operation whose reply has this frame type. */
    public static Optional<Operation> fromResponseType(int type) {
        return (type & DeviceProtocol.RESPONSE_BIT) == 0 || type == DeviceProtocol.PROTOCOL_ERROR_TYPE
                ? Optional.empty()
                : fromRequestType(type & ~DeviceProtocol.RESPONSE_BIT);
    }
}
