package org.mcelogjava.kernelsim.inject;

/** Tokens of the mce-inject language (mce.y's %token list plus punctuation and end of input). */
public enum TokenType {
    NUMBER, SYMBOL, COLON, LBRACE, RBRACE, LT, GT, EOF,
    // record starts
    CPU, MCE,
    // terms
    STATUS, MCGSTATUS, BANK, TSC, TIME, SOCKETID, APICID, MCGCAP, RIP, ADDR, MISC, PROCESSOR,
    HOLD, NOBROADCAST, IRQBROADCAST, NMIBROADCAST, IN_IRQ, IN_PROC, POLL, EXCP,
    // panic-line compat form
    MACHINE, CHECK, EXCEPTION,
    // MCG_STATUS words
    RIPV, EIPV, MCIP, LMCES, TES_P, SEAM_NR,
    // MCi_STATUS words
    VAL, OVER, UC, EN, PCC, S, AR, TES_YELLOW, CORRECTED, UNCORRECTED, FATAL, UCNA, SRAO, SRAR;

    /** The bits a status word stands for ({@code KEYVAL} in mce.lex), or -1 if this is not a status word. */
    long statusValue() {
        return switch (this) {
            case VAL -> 1L << 63;
            case OVER -> 1L << 62;
            case UC -> 1L << 61;
            case EN -> 1L << 60;
            case PCC -> 1L << 57;
            case S, SRAO -> 1L << 56;
            case AR -> 1L << 55;
            case TES_YELLOW -> 1L << 54;
            case CORRECTED -> 0x9000000000000000L;
            case UNCORRECTED -> 0xb000000000000000L;
            case FATAL -> 0xb200000000000000L;
            case UCNA -> 0;
            case SRAR -> (1L << 56) | (1L << 55);
            default -> -1;
        };
    }

    /** The MCG_STATUS bit of an mcgstatus word, or -1. */
    long mcgValue() {
        return switch (this) {
            case RIPV -> 1;
            case EIPV -> 2;
            case MCIP -> 4;
            case LMCES -> 8;
            case TES_P -> 1L << 11;
            case SEAM_NR -> 1L << 12;
            default -> -1;
        };
    }
}
