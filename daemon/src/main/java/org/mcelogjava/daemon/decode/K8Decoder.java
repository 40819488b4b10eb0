package org.mcelogjava.daemon.decode;

import java.util.List;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The AMD K8 decoder, mcelog's {@code decode_k8_mc} (k8.c): per-bank decoders for the data and
 * instruction caches, bus unit, load/store unit, northbridge and fixed-issue reorder buffer,
 * the named high status bits and the error-code line; threshold banks (129-182) only report a
 * threshold counter overflow (MISC bit 48).
 */
public final class K8Decoder implements CpuDecoder {

    /** First extended bank holding a K8 threshold counter ({@code K8_MCE_THRESHOLD_BASE}). */
    public static final int THRESHOLD_BASE = 129;
    /** One past the last threshold bank ({@code K8_MCE_THRESHOLD_TOP}). */
    public static final int THRESHOLD_TOP = THRESHOLD_BASE + 6 * 9;

    private static final String[] BANKS = {
        "data cache", "instruction cache", "bus unit", "load/store unit", "northbridge", "fixed-issue reoder",
    };
    private static final String[] TRANSACTION = {"instruction", "data", "generic", "reserved"};
    private static final String[] CACHE_LEVEL = {"0", "1", "2", "generic"};
    private static final String[] MEM_TRANSACTION = {
        "generic error", "generic read", "generic write", "data read", "data write", "instruction fetch",
        "prefetch", "evict", "snoop", "?", "?", "?", "?", "?", "?", "?",
    };
    private static final String[] PARTICIPATION = {
        "local node origin", "local node response", "local node observed", "generic participation",
    };
    private static final String[] TIMEOUT = {"request didn't time out", "request timed out"};
    private static final String[] MEMORY_IO = {"memory", "res.", "i/o", "generic"};
    private static final String[] NB_EXTENDED = {
        "RAM ECC error", "CRC error", "Sync error", "Master abort", "Target abort", "GART error", "RMW error",
        "Watchdog error", "RAM Chipkill ECC error", "DEV Error", "Link Data Error", "Link Protocol Error",
        "NB Array Error", "DRAM Parity Error", "Link Retry", "Tablew Walk Data Error", "L3 Cache Data Error",
        "L3 Cache Tag Error", "L3 Cache LRU Error",
    };
    private static final NameTable HIGH_BITS = NameTable.sized(32)
            .at(31, "valid").at(30, "error overflow (multiple errors)").at(29, "error uncorrected")
            .at(28, "error enable").at(27, "misc error valid").at(26, "error address valid")
            .at(25, "processor context corrupt").at(24, "res24").at(23, "res23")
            .at(14, "corrected ecc error").at(13, "uncorrected ecc error").at(12, "res12")
            .at(11, "L3 subcache in error bit 1").at(10, "L3 subcache in error bit 0")
            .at(9, "sublink or DRAM channel").at(8, "error found by scrub")
            .at(3, "err cpu3").at(2, "err cpu2").at(1, "err cpu1").at(0, "err cpu0").build();

    /** Threshold counter names by {@code bank - THRESHOLD_BASE}. */
    private static final NameTable THRESHOLD_NAMES = NameTable.sized(THRESHOLD_TOP - THRESHOLD_BASE)
            .range(0, 4 * 9 - 1, "Unknown threshold counter")
            .at(4 * 9, "MC4_MISC0 DRAM threshold").at(4 * 9 + 1, "MC4_MISC1 Link threshold")
            .at(4 * 9 + 2, "MC4_MISC2 L3 Cache threshold").at(4 * 9 + 3, "MC4_MISC3 FBDIMM threshold")
            .range(4 * 9 + 4, THRESHOLD_TOP - THRESHOLD_BASE - 1, "Unknown threshold counter").build();

    /** {@code k8_bank_name}: {@code <n> <unit>}, also used for threshold banks on any CPU. */
    public static String k8BankName(int bank) {
        String unit = "unknown";
        if (bank < BANKS.length) {
            unit = BANKS[bank];
        } else if (bank >= THRESHOLD_BASE && bank < THRESHOLD_TOP) {
            unit = THRESHOLD_NAMES.get(bank - THRESHOLD_BASE);
        }
        return bank + " " + unit;
    }

    @Override
    public String bankName(int bank) {
        return k8BankName(bank);
    }

    @Override
    public void decode(Mce m, int recordLength, TextBuffer out, List<McaEvent> events) {
        long status = m.status();
        int bank = m.bank();
        int ext = (int) (status >>> 16) & 0xf;
        int errcode = (int) status & 0xffff;
        switch (bank) {
            case 0 -> {
                if ((status & (3L << 45)) != 0) {
                    out.append("  Data cache ECC error (syndrome ")
                            .appendHex((status >>> 47) & 0xff).append(')');
                    if ((status & (1L << 40)) != 0) {
                        out.append(" found by scrubber");
                    }
                    out.append('\n');
                }
                tlbParity(errcode, ext, out);
                generic(status, out);
            }
            case 1 -> {
                if ((status & (3L << 45)) != 0) {
                    out.append("  Instruction cache ECC error\n");
                }
                tlbParity(errcode, ext, out);
                generic(status, out);
            }
            case 2 -> {
                if ((status & (3L << 45)) != 0) {
                    out.append("  L2 cache ECC error\n");
                }
                out.append("  ").append(ext == 0 ? "Bus or cache" : "Cache tag").append(" array error\n");
                generic(status, out);
            }
            case 3, 5 -> generic(status, out);
            case 4 -> northbridge(status, ext, out);
            default -> {
                if (bank >= THRESHOLD_BASE && bank < THRESHOLD_TOP) {
                    if ((m.misc() & (1L << 48)) != 0) {
                        out.append("  Threshold error count overflow\n");
                    }
                } else {
                    out.append("  no decoder for unknown bank ").append(bank).append('\n');
                }
            }
        }
    }

    private static void tlbParity(int errcode, int ext, TextBuffer out) {
        if ((errcode & 0xfff0) == 0x0010) {
            out.append("  TLB parity error in ").append(ext == 0 ? "physical" : "virtual").append(" array\n");
        }
    }

    private static void northbridge(long status, int ext, TextBuffer out) {
        out.append("  Northbridge ").append(ext < NB_EXTENDED.length ? NB_EXTENDED[ext] : "(null)").append('\n');
        switch (ext) {
            case 0 -> out.append("  ECC syndrome = ").appendHex((status >>> 47) & 0xff).append('\n');
            case 8 -> out.append("  Chipkill ECC syndrome = ")
                    .appendHex((((status >>> 24) & 0xff) << 8) | ((status >>> 47) & 0xff))
                    .append('\n');
            case 1, 2, 3, 4, 6 -> out.append("  link number = ").appendHex((status >>> 36) & 0xf)
                    .append('\n');
            default -> { }
        }
        generic(status, out);
    }

    /** {@code decode_k8_generic_errcode}. */
    private static void generic(long status, TextBuffer out) {
        int errcode = (int) status & 0xffff;
        for (int i = 0; i < 32; i++) {
            if (i == 31 || i == 28 || i == 26) {
                continue;
            }
            String name = HIGH_BITS.get(i);
            if (name != null && (status & (1L << (i + 32))) != 0) {
                out.append("       bit").append(i + 32).append(" = ").append(name).append('\n');
            }
        }
        if ((errcode & 0xfff0) == 0x0010) {
            out.append("  TLB error '").append(TRANSACTION[(errcode >>> 2) & 3]).append(" transaction, level ")
                    .append(CACHE_LEVEL[errcode & 3]).append("'\n");
        } else if ((errcode & 0xff00) == 0x0100) {
            out.append("  memory/cache error '").append(MEM_TRANSACTION[(errcode >>> 4) & 0xf])
                    .append(" mem transaction, ").append(TRANSACTION[(errcode >>> 2) & 3])
                    .append(" transaction, level ").append(CACHE_LEVEL[errcode & 3]).append("'\n");
        } else if ((errcode & 0xf800) == 0x0800) {
            out.append("  bus error '").append(PARTICIPATION[(errcode >>> 9) & 3]).append(", ")
                    .append(TIMEOUT[(errcode >>> 8) & 1]).append("\n             ")
                    .append(MEM_TRANSACTION[(errcode >>> 4) & 0xf]).append(" mem transaction\n             ")
                    .append(MEMORY_IO[(errcode >>> 2) & 3]).append(" access, level ")
                    .append(CACHE_LEVEL[errcode & 3]).append("'\n");
        }
    }
}
