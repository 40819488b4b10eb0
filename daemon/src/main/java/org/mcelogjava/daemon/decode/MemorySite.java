package org.mcelogjava.daemon.decode;

import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Where a memory-controller error happened, as far as the record itself says, worked out as
 * mcelog's {@code intel_memory_error} does: the channel from MCACOD bits 3:0 (unknown when 0xf),
 * then the model's MISC decoder ({@code *_memerr_misc}): Nehalem's channel and DIMM from MISC;
 * Sandy Bridge-EP and Ivy Bridge-EP's failing ranks (with extended iMC logging, up to two sites);
 * the channel from the bank for Haswell/Broadwell-EP, Skylake, Ice Lake (and -D, Snow Ridge),
 * Sapphire/Emerald Rapids, Granite Rapids, Sierra and Clearwater Forest, and Diamond Rapids (whose
 * two iMH halves come from the APIC id).
 *
 * <p>A failing rank 6 or 7 is DIMM 2 only if that DIMM exists ({@code failrank2dimm}); the record
 * cannot know, so {@link #dimm} says 1 and {@link #maybeThirdDimm} tells the accounting, which
 * knows its DIMMs, to check.
 *
 * @param socket   the record's socket id
 * @param channel  the channel, -1 when unknown
 * @param dimm     the DIMM, -1 when unknown
 * @param failRank the failing rank the DIMM comes from, -1 when none
 */
public record MemorySite(long socket, int channel, int dimm, int failRank) {

    private static final long MISCV = 1L << 59;
    private static final long UC = 1L << 61;

    /** Whether this is a failing rank 6 or 7: DIMM 2 where the machine has one, else DIMM 1. */
    public boolean maybeThirdDimm() {
        return failRank == 6 || failRank == 7;
    }

    /**
     * The sites of a memory-controller record decoded as {@code type}: one, or two when a Sandy or
     * Ivy Bridge-EP record names a second failing rank.
     *
     * @param imcLog extended iMC logging is on (Sandy/Ivy Bridge-EP failing ranks; off with --no-imc-log)
     */
    public static List<MemorySite> locate(Mce m, CpuType type, boolean imcLog) {
        int mcacod = (int) (m.status() & 0xffff);
        int chan = mcacod & 0xf;
        int channel = chan == 0xf ? -1 : chan;
        int bank = m.bank();
        switch (type) {
            case NEHALEM -> {
                if ((m.status() & MISCV) != 0) {
                    return List.of(new MemorySite(m.socketid(), (int) ((m.misc() >>> 18) & 0x3),
                            (int) ((m.misc() >>> 16) & 0x3), -1));
                }
            }
            case SANDY_BRIDGE_EP, IVY_BRIDGE_EPEX -> {
                boolean imcBank = type == CpuType.SANDY_BRIDGE_EP ? bank >= 8 && bank <= 11 : bank >= 9 && bank <= 16;
                if (imcLog && imcBank && (m.status() & UC) == 0 && channel != -1) {
                    return failingRanks(m, channel);
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
        return List.of(new MemorySite(m.socketid(), channel, -1, -1));
    }

    /**
     * MISC bit 62: the first failing rank (bits 50:46) is valid; bit 63: the second (55:51). A site
     * per valid rank; with neither, the MCACOD channel alone (mcelog leaves the channel as it was).
     */
    private static List<MemorySite> failingRanks(Mce m, int channel) {
        List<MemorySite> sites = new ArrayList<>(2);
        if (((m.misc() >>> 62) & 1) != 0) {
            sites.add(rank(m, channel, (int) ((m.misc() >>> 46) & 0x1f)));
        } else {
            sites.add(new MemorySite(m.socketid(), channel, -1, -1));
        }
        if (((m.misc() >>> 63) & 1) != 0) {
            sites.add(rank(m, channel, (int) ((m.misc() >>> 51) & 0x1f)));
        }
        return List.copyOf(sites);
    }

    /** {@code failrank2dimm}: ranks 0-3 are DIMM 0, 4-5 DIMM 1, 6-7 DIMM 2 if it exists else 1. */
    private static MemorySite rank(Mce m, int channel, int failRank) {
        int dimm = switch (failRank) {
            case 0, 1, 2, 3 -> 0;
            case 4, 5, 6, 7 -> 1;
            default -> -1;
        };
        return new MemorySite(m.socketid(), channel, dimm, failRank);
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
}
