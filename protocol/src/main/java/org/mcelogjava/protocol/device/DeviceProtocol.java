package org.mcelogjava.protocol.device;

import org.mcelogjava.protocol.mce.MceLayout;

/**
 * Constants of the device protocol: the wire form of {@code /dev/mcelog} and of the sysfs/debugfs
 * attributes around it, spoken between the simulated kernel and its readers. {@code PROTOCOL.md}
 * in this module describes every byte; the numbers here are the ones it names.
 *
 * <p>Every frame is an 8-byte header followed by a body:
 * {@code u32 body length, u8 type, u8 flags (0), u16 tag}, all little-endian like {@code struct mce}.
 */
public final class DeviceProtocol {

    /** The four bytes "MCED" that open every HELLO body, read as a little-endian u32. */
    public static final int MAGIC = 0x4445434D;
    /** The only protocol version this code speaks. */
    public static final int VERSION = 1;
    /** Bytes of the frame header: body length (4), type (1), flags (1), tag (2). */
    public static final int HEADER_LENGTH = 8;
    /** The tag of a PROTOCOL_ERROR that cannot be attributed to a request; requests never use it. */
    public static final int NO_TAG = 0xFFFF;
    /** Frame type of PROTOCOL_ERROR, the server's last word before it closes the connection. */
    public static final int PROTOCOL_ERROR_TYPE = 0xFF;
    /** Bit set in a frame type for the reply to the request of the same low 7 bits. */
    public static final int RESPONSE_BIT = 0x80;

    /** Longest attribute path in UTF-8 bytes: the kernel's PATH_MAX (4096) less its NUL. */
    public static final int MAX_PATH_BYTES = 4095;
    /** Longest directory entry name in an ATTR_LIST reply: the kernel's NAME_MAX. */
    public static final int MAX_NAME_BYTES = 255;
    /** Longest client or server identity string in a HELLO, in UTF-8 bytes. */
    public static final int MAX_IDENTITY_BYTES = 255;
    /** Longest PROTOCOL_ERROR message in UTF-8 bytes. */
    public static final int MAX_MESSAGE_BYTES = 1024;
    /** Most bytes one WRITE carries: {@code dev_mce_write} copies at most {@code sizeof(struct mce)}. */
    public static final int MAX_WRITE_BYTES = MceLayout.SIZE;
    /**
     * Most writes one WRITE_TOGETHER carries: 60 records of 128 bytes with their lengths make a
     * frame of 7936 bytes, within the smallest request limit a server may have
     * ({@link #MIN_MAX_REQUEST_FRAME}).
     */
    public static final int MAX_WRITES_TOGETHER = 60;
    /** A sysfs attribute buffer is one page; the limits below reserve room for one. */
    public static final int PAGE_SIZE = 4096;
    /** Log slots before v5.7, and the minimum since (MCE_LOG_MIN_LEN). */
    public static final int MIN_LOG_LENGTH = 32;
    /** The largest CONFIG_NR_CPUS of common x86-64 distribution kernels, so the largest log. */
    public static final int DEFAULT_MAX_LOG_LENGTH = 8192;

    /**
     * Smallest request frame a server must accept: an ATTR_WRITE with the longest path and a
     * page-sized value.
     */
    public static final int MIN_MAX_REQUEST_FRAME = HEADER_LENGTH + 2 + MAX_PATH_BYTES + 4 + PAGE_SIZE;
    /** Default request frame limit of a server. */
    public static final int DEFAULT_MAX_REQUEST_FRAME = 16384;
    /** Smallest response frame a client must accept: a READ of a full 32-slot log. */
    public static final int MIN_MAX_RESPONSE_FRAME = readResponseFrameLength(MIN_LOG_LENGTH, MceLayout.SIZE);
    /** Default response frame limit of a client: a READ of a full log of {@value #DEFAULT_MAX_LOG_LENGTH} slots. */
    public static final int DEFAULT_MAX_RESPONSE_FRAME =
            readResponseFrameLength(DEFAULT_MAX_LOG_LENGTH, MceLayout.SIZE);

    private DeviceProtocol() {
    }

    /**
     * Size of the READ reply that returns a full log: header, errno, byte count and
     * {@code logLength × recordLength} record bytes.
     */
    public static int readResponseFrameLength(int logLength, int recordLength) {
        return Math.addExact(HEADER_LENGTH + 8, Math.multiplyExact(logLength, recordLength));
    }
}
