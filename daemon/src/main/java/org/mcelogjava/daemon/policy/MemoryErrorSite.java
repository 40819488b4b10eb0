package org.mcelogjava.daemon.policy;

import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Where a memory-controller error happened, as mcelog's {@code intel_memory_error} works it out:
 * the channel from MCACOD bits 3:0 (unknown when 0xf), then the model's MISC decoder
 * ({@code *_memerr_misc}): Nehalem's channel and DIMM from MISC; Sandy Bridge-EP and Ivy Bridge-EP's
 * failing ranks (with extended iMC logging, up to two DIMMs, each accounted); the channel from the
 * bank for Haswell/Broadwell-EP, Skylake, Ice Lake (and -D, Snow Ridge), Sapphire/Emerald Rapids,
 * Granite Rapids, Sierra and Clearwater Forest, and Diamond Rapids (whose two iMH halves come from
 * the APIC id).
 *
 * @param socket  the record's socket id
 * @param channel the channel, -1 when unknown
 * @param dimm    the DIMM, -1 when unknown
 */
public record MemoryErrorSite(long socket, int channel, int dimm) {

    private static final long MISCV = 1L << 59;
    private static final long UC = 1L << 61;

    /** Whether the accounting already has an object for a DIMM ({@code get_memdimm(..., 0)}). */
    @FunctionalInterface
    public interface DimmPresence {
        boolean known(long socket, int channel, int dimm);
    }

    /**
     * The sites of a memory-controller record decoded as {@code type}: one, or two when a Sandy or
     * Ivy Bridge-EP record names a second failing DIMM.
     *
     * @param imcLog  extended iMC logging is on (Sandy/Ivy Bridge-EP failing ranks; off with --no-imc-log)
     * @param present which DIMMs the accounting knows (a failing rank 6 or 7 is DIMM 2 only if it exists)
     */
    public static List<MemoryErrorSite> locate(Mce m, CpuType type, boolean imcLog, DimmPresence present) {
        int mcacod = (int) (m.status() & 0xffff);
        int chan = mcacod & 0xf;
        int channel = chan == 0xf ? -1 : chan;
        int bank = m.bank();
        switch (type) {
            case NEHALEM -> {
                if ((m.status() & MISCV) != 0) {
                    return List.of(new MemoryErrorSite(m.socketid(), (int) ((m.misc() >>> 18) & 0x3),
                            (int) ((m.misc() >>> 16) & 0x3)));
                }
            }
            case SANDY_BRIDGE_EP, IVY_BRIDGE_EPEX -> {
                boolean imcBank = type == CpuType.SANDY_BRIDGE_EP ? bank >= 8 && bank <= 11 : bank >= 9 && bank <= 16;
                if (imcLog && imcBank && (m.status() & UC) == 0 && channel != -1) {
                    return failingRanks(m, chan, channel, present);
                }
            }
            case HASWELL_EPEX, BROADWELL_EPEX -> channel = channel == -1 ? -1 : haswellChannel(bank, channel);
            case SKYLAKE_XEON -> channel = channel == -1 ? -1 : skylakeChannel(bank, channel);
            case ICELAKE_XEON, ICELAKE_DE, TREMONT_D -> {
                if (channel != -1 && bank >= 12 && bank <= 27) {
                    channel = (bank - 12) / 4 * 3 + chan;
                }
            }
            case SAPPHIRERAPIDS, EMERALDRAPIDS -> {
                if (channel != -1 && bank >= 13 && bank <= 20) {
                    channel = bank - 13;
                } else if (channel != -1 && bank >= 30 && bank <= 31) {
                    channel = 8 + bank - 30;
                }
            }
            case GRANITERAPIDS, SIERRAFOREST, CLEARWATERFOREST -> {
                if (channel != -1 && bank >= 13 && bank <= 24) {
                    channel = bank - 13;
                }
            }
            case DIAMONDRAPIDS -> {
                if (bank >= 19 && bank <= 26) {
                    channel = bank - 19 + 8 * (int) ((m.apicid() >>> 2) & 1);
                }
            }
            default -> {
            }
        }
        return List.of(new MemoryErrorSite(m.socketid(), channel, -1));
    }

    /**
     * MISC bit 62: the first failing rank (bits 50:46) is valid; bit 63: the second (55:51). A site
     * per valid rank; with neither, the MCACOD channel alone (mcelog leaves the channel as it was).
     */
    private static List<MemoryErrorSite> failingRanks(Mce m, int chan, int channel, DimmPresence present) {
        List<MemoryErrorSite> sites = new ArrayList<>(2);
        if (((m.misc() >>> 62) & 1) != 0) {
            sites.add(new MemoryErrorSite(m.socketid(), chan,
                    failrankToDimm((int) ((m.misc() >>> 46) & 0x1f), m.socketid(), chan, present)));
        } else {
            sites.add(new MemoryErrorSite(m.socketid(), channel, -1));
        }
        if (((m.misc() >>> 63) & 1) != 0) {
            sites.add(new MemoryErrorSite(m.socketid(), chan,
                    failrankToDimm((int) ((m.misc() >>> 51) & 0x1f), m.socketid(), chan, present)));
        }
        return List.copyOf(sites);
    }

    /** {@code failrank2dimm}: ranks 0-3 are DIMM 0, 4-5 DIMM 1, 6-7 DIMM 2 if known else 1. */
    private static int failrankToDimm(int failrank, long socket, int channel, DimmPresence present) {
        return switch (failrank) {
            case 0, 1, 2, 3 -> 0;
            case 4, 5 -> 1;
            case 6, 7 -> present.known(socket, channel, 2) ? 2 : 1;
            default -> -1;
        };
    }

    /** Home agents 0/1 (banks 7, 8) and the two memory controllers' channel banks (9-12, 13-16). */
    private static int haswellChannel(int bank, int channel) {
        if (bank == 7) {
            return channel;
        }
        if (bank == 8) {
            return channel + 4;
        }
        if (bank >= 9 && bank <= 12) {
            return bank - 9;
        }
        return bank >= 13 && bank <= 16 ? bank - 13 + 4 : channel;
    }

    /** Home agents 0/1 (banks 7, 8) and the channel banks 13-18 of the two memory controllers. */
    private static int skylakeChannel(int bank, int channel) {
        return switch (bank) {
            case 8 -> channel + 3;
            case 13 -> 0;
            case 14 -> 1;
            case 15 -> 3;
            case 16 -> 4;
            case 17 -> 2;
            case 18 -> 5;
            default -> channel;
        };
    }

    /** The socket-wide object of this site's socket. */
    public MemoryErrorSite socketWide() {
        return new MemoryErrorSite(socket, -1, -1);
    }


}
