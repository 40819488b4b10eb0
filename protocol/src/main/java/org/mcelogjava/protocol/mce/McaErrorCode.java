package org.mcelogjava.protocol.mce;

/**
 * The architectural MCA error code (MCi_STATUS bits 15:0) classified into the SDM's simple and
 * compound classes (vol. 3 §15.9.1–15.9.2). Compound codes carry bit 12, F ("correction report
 * filtering"), and the class's sub-fields; {@link #of} tests the compound forms with F masked out.
 */
public sealed interface McaErrorCode {

    /** The 16-bit code this value was classified from. */
    int code();

    /** Classifies a 16-bit MCACOD. */
    static McaErrorCode of(int mcacod) {
        int code = mcacod & 0xffff;
        switch (code) {
            case 0x0000: return new Simple(code, SimpleKind.NO_ERROR);
            case 0x0001: return new Simple(code, SimpleKind.UNCLASSIFIED);
            case 0x0002: return new Simple(code, SimpleKind.MICROCODE_ROM_PARITY);
            case 0x0003: return new Simple(code, SimpleKind.EXTERNAL);
            case 0x0004: return new Simple(code, SimpleKind.FRC);
            case 0x0005: return new Simple(code, SimpleKind.INTERNAL_PARITY);
            case 0x0400: return new Simple(code, SimpleKind.INTERNAL_TIMER);
            default: break;
        }
        if ((code & 0xfc00) == 0x0400) {
            return new Simple(code, SimpleKind.INTERNAL_UNCLASSIFIED);
        }
        boolean f = (code & 0x1000) != 0;
        if ((code & 0xeffc) == 0x000c) {
            return new GenericCacheHierarchy(code, f, Level.of(code));
        }
        if ((code & 0xeff0) == 0x0010) {
            return new Tlb(code, f, TransactionType.of(code >>> 2), Level.of(code));
        }
        if ((code & 0xef80) == 0x0080) {
            return new MemoryController(code, f, MemoryTransaction.of(code >>> 4), code & 0xf);
        }
        if ((code & 0xef00) == 0x0100) {
            return new Cache(code, f, Request.of(code >>> 4), TransactionType.of(code >>> 2), Level.of(code));
        }
        if ((code & 0xe800) == 0x0800) {
            return new Bus(code, f, Participation.of(code >>> 9), (code & 0x100) != 0,
                    Request.of(code >>> 4), MemoryOrIo.of(code >>> 2), Level.of(code));
        }
        return new Reserved(code);
    }

    /** The simple error codes. */
    enum SimpleKind {
        NO_ERROR, UNCLASSIFIED, MICROCODE_ROM_PARITY, EXTERNAL, FRC, INTERNAL_PARITY,
        INTERNAL_TIMER,
        /** {@code 0000 01xx xxxx xxxx} with at least one x set. */
        INTERNAL_UNCLASSIFIED
    }

    /** A simple (non-compound) error code. */
    record Simple(int code, SimpleKind kind) implements McaErrorCode {
    }

    /** {@code 000F 0000 0000 11LL}: generic cache hierarchy error. */
    record GenericCacheHierarchy(int code, boolean filtered, Level level) implements McaErrorCode {
    }

    /** {@code 000F 0000 0001 TTLL}: TLB error. */
    record Tlb(int code, boolean filtered, TransactionType type, Level level) implements McaErrorCode {
    }

    /**
     * {@code 000F 0000 1MMM CCCC}: memory controller error.
     *
     * @param channel CCCC: 0..14, or 15 for "not specified"
     */
    record MemoryController(int code, boolean filtered, MemoryTransaction transaction, int channel)
            implements McaErrorCode {
        /** CCCC value meaning the channel is not specified. */
        public static final int CHANNEL_UNSPECIFIED = 0xf;
    }

    /** {@code 000F 0001 RRRR TTLL}: cache hierarchy error. */
    record Cache(int code, boolean filtered, Request request, TransactionType type, Level level)
            implements McaErrorCode {
    }

    /**
     * {@code 000F 1PPT RRRR IILL}: bus and interconnect error.
     *
     * @param timeout T: the request timed out
     */
    record Bus(int code, boolean filtered, Participation participation, boolean timeout,
               Request request, MemoryOrIo memoryOrIo, Level level) implements McaErrorCode {
    }

    /** A code that matches no class the SDM defines. */
    record Reserved(int code) implements McaErrorCode {
    }

    /** TT: transaction type. */
    enum TransactionType {
        INSTRUCTION("I"), DATA("D"), GENERIC("G"), RESERVED("?");

        private final String mnemonic;

        TransactionType(String mnemonic) { this.mnemonic = mnemonic; }

        public String mnemonic() { return mnemonic; }

        static TransactionType of(int bits) { return values()[bits & 3]; }
    }

    /** LL: memory hierarchy level. */
    enum Level {
        L0("L0"), L1("L1"), L2("L2"), GENERIC("LG");

        private final String mnemonic;

        Level(String mnemonic) { this.mnemonic = mnemonic; }

        public String mnemonic() { return mnemonic; }

        static Level of(int bits) { return values()[bits & 3]; }
    }

    /** RRRR: request type. Codes 9..15 are reserved. */
    enum Request {
        ERR("ERR"), RD("RD"), WR("WR"), DRD("DRD"), DWR("DWR"), IRD("IRD"), PREFETCH("PREFETCH"),
        EVICT("EVICT"), SNOOP("SNOOP"),
        RESERVED_9("RSV9"), RESERVED_10("RSV10"), RESERVED_11("RSV11"), RESERVED_12("RSV12"),
        RESERVED_13("RSV13"), RESERVED_14("RSV14"), RESERVED_15("RSV15");

        private final String mnemonic;

        Request(String mnemonic) { this.mnemonic = mnemonic; }

        public String mnemonic() { return mnemonic; }

        static Request of(int bits) { return values()[bits & 0xf]; }
    }

    /** PP: how the processor participated in the request. */
    enum Participation {
        SRC("SRC"), RES("RES"), OBS("OBS"), GENERIC("GEN");

        private final String mnemonic;

        Participation(String mnemonic) { this.mnemonic = mnemonic; }

        public String mnemonic() { return mnemonic; }

        static Participation of(int bits) { return values()[bits & 3]; }
    }

    /** II: memory or I/O. */
    enum MemoryOrIo {
        MEMORY("M"), RESERVED("RSV"), IO("IO"), OTHER("OTHER");

        private final String mnemonic;

        MemoryOrIo(String mnemonic) { this.mnemonic = mnemonic; }

        public String mnemonic() { return mnemonic; }

        static MemoryOrIo of(int bits) { return values()[bits & 3]; }
    }

    /** MMM: memory controller transaction. Codes 5..7 are reserved. */
    enum MemoryTransaction {
        GENERIC("GEN"), READ("RD"), WRITE("WR"), ADDRESS_COMMAND("AC"), SCRUB("MS"),
        RESERVED_5("RSV5"), RESERVED_6("RSV6"), RESERVED_7("RSV7");

        private final String mnemonic;

        MemoryTransaction(String mnemonic) { this.mnemonic = mnemonic; }

        public String mnemonic() { return mnemonic; }

        static MemoryTransaction of(int bits) { return values()[bits & 7]; }
    }
}
