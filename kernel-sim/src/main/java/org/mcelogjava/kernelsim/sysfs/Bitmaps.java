package org.mcelogjava.kernelsim.sysfs;

import java.util.BitSet;

/** The kernel's two ways of printing a CPU mask in sysfs (lib/vsprintf.c {@code %*pb} and {@code %*pbl}). */
public final class Bitmaps {

    private static final int CHUNK = 32;

    private Bitmaps() {
    }

    /**
     * {@code %*pb} over {@code nbits} bits: 32-bit groups in hex, most significant first, separated
     * by commas, each eight digits wide but the first, which has just the digits its bits need
     * ({@code "03"} for 8 CPUs, {@code "0000,00000003"} for 48).
     */
    public static String mask(BitSet bits, int nbits) {
        StringBuilder sb = new StringBuilder();
        int chunk = nbits % CHUNK == 0 ? CHUNK : nbits % CHUNK;
        for (int start = (nbits + CHUNK - 1) / CHUNK * CHUNK - CHUNK; start >= 0; start -= CHUNK) {
            long value = 0;
            for (int b = 0; b < chunk; b++) {
                if (bits.get(start + b)) {
                    value |= 1L << b;
                }
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            String hex = Long.toHexString(value);
            sb.append("0".repeat(Math.max(0, (chunk + 3) / 4 - hex.length()))).append(hex);
            chunk = CHUNK;
        }
        return sb.toString();
    }

    /** {@code %*pbl}: ranges, {@code "0-3,8,10-11"}. */
    public static String list(BitSet bits) {
        StringBuilder sb = new StringBuilder();
        for (int i = bits.nextSetBit(0); i >= 0; ) {
            int end = bits.nextClearBit(i) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            i = bits.nextSetBit(end + 1);
        }
        return sb.toString();
    }
}
