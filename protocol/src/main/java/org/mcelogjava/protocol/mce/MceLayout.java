package org.mcelogjava.protocol.mce;

/**
 * Record lengths of {@code struct mce} across kernel versions. Each kernel era appended fields
 * (never moved one), so every length is a prefix of the current layout.
 */
public final class MceLayout {

    /** {@code sizeof(struct mce)} today, what MCE_GET_RECORD_LEN returns. */
    public static final int SIZE = 128;
    /** 3.x and early 4.x: the record ends after {@code mcgcap}. */
    public static final int LEN_3X = 88;
    /** 4.x: {@code synd} appended. */
    public static final int LEN_SYND = 96;
    /** 4.x: {@code ipid} appended. */
    public static final int LEN_IPID = 104;
    /** 4.x: {@code ppin} appended. */
    public static final int LEN_PPIN = 112;
    /** 4.x: {@code microcode} appended (plus 4 bytes of padding). */
    public static final int LEN_MICROCODE = 120;

    private MceLayout() {
    }

    /**
     * Bytes of each record that a reader of the current layout cannot interpret: what mcelog
     * reports as "bytes ignored in each record" when the kernel is newer than the reader.
     */
    public static int ignoredBytes(int recordLength) {
        return Math.max(0, recordLength - SIZE);
    }
}
