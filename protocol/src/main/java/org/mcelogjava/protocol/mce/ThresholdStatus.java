package org.mcelogjava.protocol.mce;

/** MCi_STATUS bits 54:53 with MCG_CAP.TES_P on a corrected error (SDM vol. 3 table 15-9). */
public enum ThresholdStatus {
    /** 00: no hardware status tracking. */
    NONE,
    /** 01: below the threshold. */
    GREEN,
    /** 10: above the threshold. */
    YELLOW,
    /** 11: reserved. */
    RESERVED;

    private static final ThresholdStatus[] BY_CODE = values();

    public static ThresholdStatus of(int code) {
        return BY_CODE[code & 3];
    }
}
