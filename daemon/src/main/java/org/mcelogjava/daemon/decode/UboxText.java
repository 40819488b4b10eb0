package org.mcelogjava.daemon.decode;

/**
 * The words mcelog's Haswell-EP, Broadwell and Skylake server decoders print after {@code PCU: }
 * for the UBOX internal MCACODs 0x402/0x403/0x406/0x407 (bit 12, corrected filtering, ignored).
 */
final class UboxText {

    private UboxText() {
    }

    static void append(long status, TextBuffer out) {
        switch ((int) (status & 0xffff) & ~(1 << 12)) {
            case 0x402, 0x403 -> out.append("Internal errors ");
            case 0x406 -> out.append("Intel TXT errors ");
            case 0x407 -> out.append("Other UBOX Internal errors ");
            default -> { }
        }
    }
}
