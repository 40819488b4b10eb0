package org.mcelogjava.protocol.device;

/**
 * The ioctl command numbers of {@code /dev/mcelog} (arch/x86/include/uapi/asm/mce.h), each
 * {@code _IOR('M', nr, int)}: direction READ in bits 31:30, size 4 in bits 29:16, type 'M' in
 * bits 15:8. An IOCTL request carries the number unchanged; the server answers ENOTTY for any
 * other number, as {@code mce_chrdev_ioctl} does, and EPERM without CAP_SYS_ADMIN.
 */
public final class McelogIoctl {

    /** {@code sizeof(struct mce)} of the running kernel (128 now, 88 on 3.x). */
    public static final int MCE_GET_RECORD_LEN = 0x80044D01;
    /** Number of slots of the log (32 before v5.7, max(32, online CPUs) since). */
    public static final int MCE_GET_LOG_LEN = 0x80044D02;
    /** The log's flags word (bit {@link #MCE_OVERFLOW}), atomically replaced by 0. */
    public static final int MCE_GETCLEAR_FLAGS = 0x80044D03;
    /** Bit index in the MCE_GETCLEAR_FLAGS word: records were dropped because the log was full. */
    public static final int MCE_OVERFLOW = 0;

    private McelogIoctl() {
    }

    /** {@code _IOR(type, nr, int)} in the x86 ioctl encoding. */
    public static int ior(char type, int nr) {
        return (2 << 30) | (Integer.BYTES << 16) | (type << 8) | nr;
    }

    /** The name of a known command, or its number in hex. */
    public static String name(int command) {
        return switch (command) {
            case MCE_GET_RECORD_LEN -> "MCE_GET_RECORD_LEN";
            case MCE_GET_LOG_LEN -> "MCE_GET_LOG_LEN";
            case MCE_GETCLEAR_FLAGS -> "MCE_GETCLEAR_FLAGS";
            default -> String.format("0x%08X", command);
        };
    }
}
