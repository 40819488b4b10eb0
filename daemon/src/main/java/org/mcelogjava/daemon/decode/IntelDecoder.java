package org.mcelogjava.daemon.decode;

import java.util.List;
import org.mcelogjava.protocol.mce.McaStatus;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.McgCap;

/**
 * The Intel decoder, mcelog's {@code decode_intel_mc} with {@code decode_mcg}, {@code decode_mci}
 * and {@code decode_mca} (p4.c): the architectural MCG/MCi status lines and MCACOD class of the
 * SDM, then a bus-detail decoder for bus errors of older parts and a model-specific add-on.
 */
public final class IntelDecoder implements CpuDecoder {

    private static final int THERMAL_BANK = 128;
    private static final long FWST = 1L << 37;

    private static final String[] SIMPLE = {
        "No Error", "Unclassified", "Microcode ROM parity error", "External error", "FRC error",
        "Internal parity error", "SMM Handler Code Access Violation",
    };
    private static final String[] TT = {"Instruction", "Data", "Generic", "Unknown"};
    static final String[] LL = {"Level-0", "Level-1", "Level-2", "Level-3"};
    static final String[] RRRR = {
        "Generic", "Read", "Write", "Data-Read", "Data-Write", "Instruction-Fetch", "Prefetch",
        "Eviction", "Snoop",
    };
    private static final String[] PP = {
        "Local-CPU-originated-request", "Responed-to-request", "Observed-error-as-third-party", "Generic",
    };
    private static final String[] T = {"Request-did-not-timeout", "Request-timed-out"};
    private static final String[] II = {"Memory-access", "Reserved", "IO", "Other-transaction"};
    static final String[] AR_STATE = {"UCNA", "AR", "SRAO", "SRAR"};
    private static final String[] CE_TYPES = {
        "ecc", "mirroring with channel failover", "mirroring. Primary channel scrubbed successfully",
    };
    private static final String[] MMM_MNEMONIC = {"GEN", "RD", "WR", "AC", "MS", "RES5", "RES6", "RES7"};
    static final String[] MMM_DESC = {
        "Generic undefined request", "Memory read error", "Memory write error", "Address/Command error",
        "Memory scrubbing error", "Reserved 5", "Reserved 6", "Reserved 7",
    };
    private static final String[] TRACKING = {
        null, "green",
        "yellow\nLarge number of corrected cache errors. System operating, but might lead\n"
                + "to uncorrected errors soon",
        "res3",
    };

    /** {@code decode_mci}'s enabled and register-valid lines. */
    private static final List<StatusFlags.Flag> MCI_STATUS_VALID = List.of(
            new StatusFlags.Flag(McaStatus.EN, "Error enabled"),
            new StatusFlags.Flag(McaStatus.MISCV, "MCi_MISC register valid"),
            new StatusFlags.Flag(McaStatus.ADDRV, "MCi_ADDR register valid"));

    private final CpuType type;
    private final ModelDecoder busDetail;
    private final ModelDecoder model;

    /**
     * @param type      the CPU type (Knights Landing/Mill renumber bank-15 memory channels)
     * @param busDetail decoder of the model-specific bits of bus errors, or {@link ModelDecoder#NONE}
     * @param model     model-specific add-on, or {@link ModelDecoder#NONE}
     */
    public IntelDecoder(CpuType type, ModelDecoder busDetail, ModelDecoder model) {
        this.type = type;
        this.busDetail = busDetail;
        this.model = model;
    }

    @Override
    public String bankName(int bank) {
        return BankNames.numeric(bank);
    }

    @Override
    public void decode(Mce m, int recordLength, TextBuffer out, List<McaEvent> events) {
        int socket = recordLength > 72 ? (int) m.socketid() : -1;
        int cpu = (int) (m.extcpu() != 0 ? m.extcpu() : m.cpu());
        if (m.bank() == THERMAL_BANK) {
            if ((m.status() & 1) != 0) {
                out.append("Processor ").append(cpu).append(" heated above trip temperature. Throttling enabled.\n")
                        .append("Please check your system cooling. Performance will be impacted\n");
            } else {
                out.append("Processor ").append(cpu).append(" below trip temperature. Throttling disabled\n");
            }
            events.add(new McaEvent.Unknown(out.length(), cpu, socket));
            return;
        }
        StatusFlags.inline("MCG status:", m.mcgstatus(), StatusFlags.MCG_STATUS, out);
        if (decodeMci(m, cpu, socket, out, events)) {
            events.add(new McaEvent.Unknown(out.length(), cpu, socket));
        }
        if (((m.status() & 0xffff) >>> 11) == 1) {
            busDetail.decode(m, out);
        }
        model.decode(m, out);
    }

    /** {@code decode_mci}; returns whether the unknown trigger should run. */
    private boolean decodeMci(Mce m, int cpu, int socket, TextBuffer out, List<McaEvent> events) {
        long status = m.status();
        // mcelog passes MCG_CAP as a 32-bit unsigned here
        long mcgcap = m.mcgcap() & 0xffffffffL;
        out.append("MCi status:\n");
        if ((status & McaStatus.VAL) == 0) {
            out.append("Machine check not valid\n");
        }
        if ((status & McaStatus.OVER) != 0) {
            out.append("Error overflow\n");
        }
        int mirror;
        if ((status & McaStatus.UC) != 0) {
            out.append("Uncorrected error\n");
        } else if ((mirror = model.mirrorCorrection(m)) != 0) {
            out.append("Corrected error by ").append(CE_TYPES[mirror]).append('\n');
        } else {
            out.append("Corrected error\n");
        }
        StatusFlags.lines(status, MCI_STATUS_VALID, out);
        if ((status & McaStatus.PCC) != 0) {
            out.append("Processor context corrupt\n");
        } else if ((status & (McaStatus.S | McaStatus.AR)) != 0) {
            out.append(AR_STATE[(int) (status >>> 55) & 3]).append('\n');
        }
        if ((mcgcap & McgCap.SER_P) != 0 && (status & FWST) != 0) {
            out.append("Firmware may have updated this error\n");
        }
        int track = 0;
        if ((mcgcap == 0 || (mcgcap & McgCap.TES_P) != 0) && (status & McaStatus.UC) == 0) {
            track = (int) (status >>> 53) & 3;
            if (track != 0) {
                out.append("Threshold based error status: ").append(TRACKING[track]).append('\n');
            }
        }
        out.append("MCA: ");
        return decodeMca(m, track, cpu, socket, out, events);
    }

    /** {@code decode_mca}; returns whether the unknown trigger should run. */
    private boolean decodeMca(Mce m, int track, int cpu, int socket, TextBuffer out, List<McaEvent> events) {
        long status = m.status();
        int mca = (int) status & 0xffff;
        if ((mca & (1 << 12)) != 0) {
            out.append("corrected filtering (some unreported errors in same region)\n");
            mca &= ~(1 << 12);
        }
        if (mca < SIMPLE.length) {
            out.append(SIMPLE[mca]).append('\n');
            return false;
        }
        if ((mca >>> 2) == 3) {
            int level = mca & 3;
            out.append(LL[level]).append(" Generic cache hierarchy error\n");
            if (track == 2) {
                yellow(cpu, socket, level, -1, LL[level], "unknown", out, events);
            }
        } else if ((mca >>> 4) == 1) {
            int typeNum = (mca & 0xc) >>> 2;
            int level = mca & 3;
            out.append(TT[typeNum]).append(" TLB ").append(LL[level]).append(" Error\n");
            if (track == 2) {
                yellow(cpu, socket, level, typeNum, LL[level], TT[typeNum], out, events);
            }
        } else if ((mca >>> 8) == 1) {
            int typeNum = (mca & 0xc) >>> 2;
            int level = (mca & 3) + 1;
            String levelName = level < LL.length ? LL[level] : "UNKNOWN";
            out.append(TT[typeNum]).append(" CACHE ").append(levelName).append(' ')
                    .append(rrrr((mca & 0xf0) >>> 4)).append(" Error\n");
            if (track == 2) {
                yellow(cpu, socket, level, typeNum, levelName, TT[typeNum], out, events);
            }
        } else if ((mca >>> 9) == 1 && ((mca >>> 7) & 3) == 1) {
            out.append("Memory as cache: ");
            memoryController(mca, m.bank(), out);
        } else if ((mca >>> 10) == 1) {
            if (mca == 0x400) {
                out.append("Internal Timer error\n");
            } else {
                out.append("Internal unclassified error: ").appendHex(mca).append('\n');
            }
            return true;
        } else if ((mca >>> 11) == 1) {
            String level = LL[mca & 3];
            String pp = PP[(mca & 0x600) >>> 9];
            String request = rrrr((mca & 0xf0) >>> 4);
            String ii = II[(mca & 0xc) >>> 2];
            String timeout = T[(mca & 0x100) >>> 8];
            out.append("BUS error: ").append(socket).append(' ').append(cpu).append(' ').append(level)
                    .append(' ').append(pp).append(' ').append(request).append(' ').append(ii).append(' ')
                    .append(timeout).append('\n');
            events.add(new McaEvent.BusError(out.length(), cpu, socket, level, pp, request, ii, timeout));
            if ((status & McaStatus.MISCV) != 0 && (status & 0xefff) == 0x0e0b) {
                long misc = m.misc();
                int seg = (int) FieldPrinter.extract(misc, 32, 39);
                int bus = (int) FieldPrinter.extract(misc, 24, 31);
                int dev = (int) FieldPrinter.extract(misc, 19, 23);
                int fn = (int) FieldPrinter.extract(misc, 16, 18);
                out.append("IO MCA reported by root port ").appendHex(seg).append(':');
                hex2(bus, out);
                out.append(':');
                hex2(dev, out);
                out.append('.').appendHex(fn).append('\n');
                events.add(new McaEvent.IoMca(out.length(), cpu, socket, seg, bus, dev, fn));
            }
        } else if ((mca >>> 7) == 1) {
            memoryController(mca, m.bank(), out);
        } else {
            out.append("Unknown Error ").appendHex(mca).append('\n');
            return true;
        }
        return false;
    }

    private static String rrrr(int value) {
        return value < RRRR.length ? RRRR[value] : "UNKNOWN";
    }

    private static void hex2(int v, TextBuffer out) {
        if (v < 0x10) {
            out.append('0');
        }
        out.appendHex(v);
    }

    /** The yellow-threshold one-liners mcelog prints (cache-threshold-log defaults to on). */
    private static void yellow(int cpu, int socket, int level, int typeNum, String levelName, String typeName,
                               TextBuffer out, List<McaEvent> events) {
        out.append("CPU ").append(cpu);
        if (socket >= 0) {
            out.append(" on socket ").append(socket);
        }
        out.append(" has large number of corrected cache errors in ").append(levelName).append(' ')
                .append(typeName).append('\n')
                .append("System operating correctly, but might lead to uncorrected cache errors soon\n");
        events.add(new McaEvent.YellowCache(out.length(), cpu, socket, level, typeNum, levelName, typeName));
    }

    /** {@code decode_memory_controller}. */
    private void memoryController(int mca, int bank, TextBuffer out) {
        int mmm = (mca >>> 4) & 7;
        out.append("MEMORY CONTROLLER ").append(MMM_MNEMONIC[mmm]).append("_CHANNEL");
        if ((mca & 0xf) == 0xf) {
            out.append("unspecified");
        } else if (type == CpuType.KNIGHTS_LANDING || type == CpuType.KNIGHTS_MILL) {
            out.append((mca & 0xf) + (bank == 15 ? 3 : 0));
        } else {
            out.append(mca & 0xf);
        }
        out.append("_ERR\nTransaction: ").append(MMM_DESC[mmm]).append('\n');
    }
}
