package org.mcelogjava.kernelsim.machine;

import java.util.ArrayList;
import java.util.List;

/** The CPU models the simulator knows. MCG_CAP values are those the parts report. */
public final class CpuProfiles {

    private CpuProfiles() {
    }

    /** Intel Xeon Skylake-SP (family 6 model 0x55 stepping 4): 20 banks, CMCI_P, TES_P, SER_P, EMC_P, ELOG_P, LMCE_P. */
    public static CpuProfile skylakeServer() {
        return new CpuProfile("skx", Vendor.INTEL, 6, 0x55, 4, 0x2006e05L, 0x0f000c14L,
                scopes(20, 4), true, true, false, false, false);
    }

    /** Intel Xeon Sapphire Rapids (family 6 model 0x8f stepping 8): 32 banks, adds SEAM_NR. */
    public static CpuProfile sapphireRapids() {
        return new CpuProfile("spr", Vendor.INTEL, 6, 0x8f, 8, 0x2b000181L, 0x0f001c20L,
                scopes(32, 4), true, true, false, false, false);
    }

    /** Intel Kaby Lake desktop (family 6 model 0x9e): 10 banks with CMCI but no SER_P and no LMCE. */
    public static CpuProfile intelClient() {
        return new CpuProfile("kbl-client", Vendor.INTEL, 6, 0x9e, 9, 0xf0L, 0x00000c0aL,
                scopes(10, 4), false, false, false, false, false);
    }

    /**
     * AMD Zen 2 (family 0x17 model 0x31) with SMCA: 23 banks, no broadcast rendezvous. Each bank names
     * its type in MCA_IPID (HardwareID, McaType as the kernel's smca_hwid_mcatypes list them): the
     * core's LS, IF, L2, DE, EX and FP, bank 4 not populated, eight L3 slices, two UMCs, then CS, PIE,
     * PSP, SMU and NBIO.
     */
    public static CpuProfile zen2() {
        List<BankScope> s = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            s.add(i < 7 ? BankScope.CORE : BankScope.PACKAGE);
        }
        List<Long> ipids = new ArrayList<>(List.of(ipid(0xb0, 0x0, 0), ipid(0xb0, 0x1, 0), ipid(0xb0, 0x2, 0),
                ipid(0xb0, 0x3, 0), 0L, ipid(0xb0, 0x5, 0), ipid(0xb0, 0x6, 0)));
        for (int slice = 0; slice < 8; slice++) {
            ipids.add(ipid(0xb0, 0x7, slice));
        }
        // UMC 0 and 1: InstanceId 0x50f00 / 0x150f00 as a Zen 2 logs them (the channel in bits 31:20,
        // the kernel's find_umc_channel)
        ipids.addAll(List.of(ipid(0x96, 0x0, 0x50f00), ipid(0x96, 0x0, 0x150f00), ipid(0x2e, 0x0, 0), ipid(0x2e, 0x0, 1),
                ipid(0x2e, 0x1, 0), ipid(0xff, 0x0, 0), ipid(0x01, 0x0, 0), ipid(0x18, 0x0, 0)));
        return new CpuProfile("zen2", Vendor.AMD, 0x17, 0x31, 0, 0x8301034L, 0x117L,
                s, false, true, true, true, true, ipids);
    }

    /** MCA_IPID: McaType in bits 63:48, HardwareID in 43:32, InstanceId in 31:0. */
    private static long ipid(int hardwareId, int mcaType, int instance) {
        return (long) mcaType << 48 | (long) hardwareId << 32 | instance;
    }

    /** Looks a profile up by its short name. */
    public static CpuProfile byName(String name) {
        return switch (name) {
            case "skx" -> skylakeServer();
            case "spr" -> sapphireRapids();
            case "kbl-client" -> intelClient();
            case "zen2" -> zen2();
            default -> throw new IllegalArgumentException("unknown CPU profile '" + name
                    + "' (known: skx, spr, kbl-client, zen2)");
        };
    }

    /** The first {@code coreBanks} banks are per core, the rest (uncore) per package. */
    private static List<BankScope> scopes(int banks, int coreBanks) {
        List<BankScope> s = new ArrayList<>();
        for (int i = 0; i < banks; i++) {
            s.add(i < coreBanks ? BankScope.CORE : BankScope.PACKAGE);
        }
        return s;
    }
}
