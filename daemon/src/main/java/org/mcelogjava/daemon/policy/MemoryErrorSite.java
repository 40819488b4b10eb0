package org.mcelogjava.daemon.policy;

import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Where a memory-controller error happened, as mcelog's {@code intel_memory_error} works it out:
 * the channel from MCACOD bits 3:0 (unknown when 0xf), then overridden by the model's MISC decoder.
 * Only the Nehalem MISC decoder ({@code nehalem_memerr_misc}: channel bits 19:18, DIMM bits 17:16
 * when MISCV) is implemented; other models keep the MCACOD channel and an unknown DIMM.
 *
 * @param socket  the record's socket id
 * @param channel the channel, -1 when unknown
 * @param dimm    the DIMM, -1 when unknown
 */
public record MemoryErrorSite(long socket, int channel, int dimm) {

    private static final long MISCV = 1L << 59;

    /** The site of a memory-controller record decoded as {@code type}. */
    public static MemoryErrorSite locate(Mce m, CpuType type) {
        int mcacod = (int) (m.status() & 0xffff);
        int channel = (mcacod & 0xf) == 0xf ? -1 : mcacod & 0xf;
        int dimm = -1;
        if (type == CpuType.NEHALEM && (m.status() & MISCV) != 0) {
            channel = (int) ((m.misc() >>> 18) & 0x3);
            dimm = (int) ((m.misc() >>> 16) & 0x3);
        } else if (channel != -1 && (type == CpuType.HASWELL_EPEX || type == CpuType.BROADWELL_EPEX)) {
            channel = haswellChannel(m.bank(), channel);
        } else if (channel != -1 && type == CpuType.SKYLAKE_XEON) {
            channel = skylakeChannel(m.bank(), channel);
        }
        return new MemoryErrorSite(m.socketid(), channel, dimm);
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

    /** mcelog's {@code format_location} without DMI data: {@code SOCKET:0 CHANNEL:1 DIMM:2 []}. */
    public String location() {
        return "SOCKET:" + socket + " CHANNEL:" + (channel == -1 ? "?" : channel) + " DIMM:"
                + (dimm == -1 ? "?" : dimm) + " []";
    }
}
