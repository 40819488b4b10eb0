package org.mcelogjava.kernelsim.faults;

import java.util.List;
import org.mcelogjava.kernelsim.machine.CpuProfile;
import org.mcelogjava.kernelsim.machine.DimmMap;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Vendor;

/**
 * Where a CPU model reports each kind of error and how it encodes it in MCi_STATUS / MISC.
 *
 * <p>Intel servers (SDM vol. 3B §15.9 and the model tables mcelog's {@code skylake_s_decode_model}
 * follows): memory errors on the integrated memory controller banks (Skylake-SP banks 13–18, one
 * per channel: iMC 0's channels 0–2 in banks 13, 14 and 17, iMC 1's channels 3–5 in banks 15, 16
 * and 18, as {@code skylake_s_decode_model} reads them; Sapphire Rapids 13–20, channel = bank − 13)
 * with MCACOD {@code 1MMMCCCC} carrying the channel within its
 * controller, MSCOD bit 19 for a corrected and bit 20 for an uncorrected patrol-scrub error, ADDR
 * the physical address and MISC {@code 0x86} (address LSB 6, address mode 2 = physical). These
 * parts do not put the DIMM in MISC; mcelog and EDAC find it from the address, which
 * {@link DimmMap} lays out. Core cache errors go to DCU (bank 1, MCACOD 0x0134) and MLC
 * (bank 3, 0x0135), LLC errors to the CHA banks 9–11 (0x0136), UPI link CRC errors recovered by
 * retry to bank 5 (MCACOD 0x0e0f, MSCOD 0x30). The Kaby Lake client uses banks 7/8 for its two
 * channels and has no SER, so no uncorrected memory errors are generated there; the AMD Zen 2
 * profile gets corrected errors only, on the UMC banks 15/16 and the LS (bank 0), L2 (2) and L3 (7–14)
 * banks, each a corrected ECC error (CECC) with the unit's data-array extended error code; its UMC errors
 * are logged as a Zen 2 logs a corrected DRAM ECC error (AMD PPR for family 17h model 31h,
 * MCA_STATUS_UMC): VAL, EN, MiscV, AddrV, SyndV, CECC, error code 0x011b, extended error code 0,
 * with the chip select and syndrome of {@link UmcSyndrome} in MCA_SYND.
 *
 * @param memoryBanks       bank of each channel of a socket, index = channel
 * @param channelsPerMc     channels per memory controller (MCACOD channel = channel mod this)
 * @param coreCacheBanks    per-core cache banks with the status of their corrected errors
 * @param llcBanks          per-package last-level cache banks
 * @param llcStatus         MCi_STATUS of a corrected LLC error
 * @param busBanks          per-package interconnect link banks
 * @param uncorrected       whether the model reports recoverable memory UCs (SER_P on Intel)
 * @param miscValid         whether memory errors carry MISC (address LSB and mode)
 * @param smca              whether memory errors are AMD SMCA UMC errors
 */
public record BankLayout(List<Integer> memoryBanks, int channelsPerMc, List<CacheBank> coreCacheBanks,
                         List<Integer> llcBanks, long llcStatus, List<Integer> busBanks, boolean uncorrected,
                         boolean miscValid, boolean smca) {

    /** A cache bank and the MCi_STATUS of its corrected errors. */
    public record CacheBank(int bank, long status) {
    }

    private static final long VAL = 1L << 63;
    private static final long UC = 1L << 61;
    private static final long EN = 1L << 60;
    private static final long MISCV = 1L << 59;
    private static final long ADDRV = 1L << 58;
    private static final long S = 1L << 56;
    /** MCA_STATUS[53] SyndV: MCA_SYND holds the error's syndrome. */
    static final long SYNDV = 1L << 53;
    private static final long CECC = 1L << 46;
    /** MCA_STATUS of a Zen UMC corrected DRAM ECC error: generic read, generic level, extended code 0. */
    private static final long UMC_DRAM_ECC = 0x011b;
    /** Zen LS extended error code 13, data cache data error (PPR MCA_CTL_LS bit 13). */
    private static final int LS_DC_DATA = 13;
    /** Zen L2 extended error code 2, L2M data array ECC error (PPR MCA_CTL_L2 bit 2). */
    private static final int L2_DATA_ECC = 2;
    /** Zen L3 extended error code 4, L3M data ECC error (PPR MCA_CTL_L3 bit 4). */
    private static final int L3_DATA_ECC = 4;
    /** MISC: address LSB 6 (cache line), address mode 2 (physical). */
    static final long MISC_LINE_PHYSICAL = 0x86;
    /** MCG_STATUS RIPV | MCIP: the #MC of a patrol-scrub SRAO interrupts a restartable context. */
    static final long MCG_RIPV_MCIP = 0x5;

    public BankLayout {
        memoryBanks = List.copyOf(memoryBanks);
        coreCacheBanks = List.copyOf(coreCacheBanks);
        llcBanks = List.copyOf(llcBanks);
        busBanks = List.copyOf(busBanks);
    }

    /** The layout of a CPU profile, by its short name. */
    public static BankLayout of(CpuProfile profile) {
        boolean ser = (profile.mcgCap() & (1L << 24)) != 0;
        long llc = cacheStatus(0x0136);
        List<CacheBank> core = List.of(new CacheBank(1, cacheStatus(0x0134)), new CacheBank(3, cacheStatus(0x0135)));
        return switch (profile.name()) {
            case "skx" -> new BankLayout(List.of(13, 14, 17, 15, 16, 18), 3, core, List.of(9, 10, 11), llc,
                    List.of(5, 12, 19), ser, true, false);
            case "spr" -> new BankLayout(List.of(13, 14, 15, 16, 17, 18, 19, 20), 2, core, List.of(9, 10, 11),
                    llc, List.of(5), ser, true, false);
            case "zen2" -> new BankLayout(List.of(15, 16), 1, List.of(new CacheBank(0, smcaCacheStatus(LS_DC_DATA, 0x0135)),
                    new CacheBank(2, smcaCacheStatus(L2_DATA_ECC, 0x0136))), List.of(7, 8, 9, 10, 11, 12, 13, 14),
                    smcaCacheStatus(L3_DATA_ECC, 0x0136), List.of(), false, false, true);
            default -> profile.vendor() == Vendor.INTEL && profile.bankCount() > 8
                    ? new BankLayout(List.of(7, 8), 2, core, List.of(), 0, List.of(), false, true, false)
                    : new BankLayout(List.of(), 1, core, List.of(), 0, List.of(), false, false, false);
        };
    }

    /**
     * The machine's DIMMs: two per channel of every socket, sharing {@code memoryBytes} evenly (the
     * population the fault generator places errors on and the firmware's SMBIOS tables describe).
     */
    public static DimmMap dimms(Machine machine, long memoryBytes) {
        return new DimmMap(memoryBytes, machine.topology().sockets(), of(machine.profile()).channels(), 2);
    }

    /** Channels per socket. */
    public int channels() {
        return memoryBanks.size();
    }

    /** MCi_STATUS of a memory error of {@code kind} on {@code channel} of a socket. */
    public long memoryStatus(ErrorKind kind, int channel) {
        if (smca && (kind == ErrorKind.MEMORY_CE_READ || kind == ErrorKind.MEMORY_CE_SCRUB)) {
            return VAL | EN | MISCV | ADDRV | SYNDV | CECC | UMC_DRAM_ECC;
        }
        int ch = channel % channelsPerMc;
        long base = VAL | ADDRV | (miscValid ? MISCV : 0);
        return switch (kind) {
            case MEMORY_CE_READ -> base | 0x0090 | ch;
            case MEMORY_CE_SCRUB -> base | (0x0008L << 16) | 0x00c0 | ch;
            case MEMORY_UCNA -> base | UC | EN | 0x0090 | ch;
            case MEMORY_SRAO_SCRUB -> base | UC | EN | S | (0x0010L << 16) | 0x00c0 | ch;
            default -> throw new IllegalArgumentException(kind + " is not a memory error");
        };
    }

    /** MCi_MISC of a memory error. */
    public long memoryMisc() {
        return miscValid ? MISC_LINE_PHYSICAL : 0;
    }

    /** MCi_STATUS of a corrected cache error with the given MCACOD. */
    private static long cacheStatus(int mcacod) {
        return VAL | EN | mcacod;
    }

    /**
     * MCA_STATUS of a corrected ECC error in an SMCA cache bank: CECC and the extended error code
     * ({@code xec}, MCA_STATUS[21:16], the bit of the unit's MCA_CTL that enables it in the PPR).
     */
    static long smcaCacheStatus(int xec, int mcacod) {
        return VAL | EN | CECC | (long) xec << 16 | mcacod;
    }

    /** MCi_STATUS of a UPI CRC error corrected by link-level retry. */
    public static long busStatus() {
        return VAL | EN | (0x30L << 16) | 0x0e0f;
    }
}
