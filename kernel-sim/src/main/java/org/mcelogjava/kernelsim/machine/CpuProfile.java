package org.mcelogjava.kernelsim.machine;

import java.util.List;

/**
 * What a CPU model looks like to the MCA code: CPUID signature, microcode, IA32_MCG_CAP, the
 * scope of each bank, and the vendor features the kernel tests ({@code mce_flags.smca},
 * {@code succor}, {@code overflow_recov}).
 *
 * @param name           short name ("skx", "spr", "kbl-client", "zen2")
 * @param vendor         CPU vendor
 * @param family         display family
 * @param model          display model
 * @param stepping       stepping
 * @param microcode      microcode revision
 * @param mcgCap         IA32_MCG_CAP; bits 7:0 are the bank count
 * @param bankScopes     scope of each bank, one per bank
 * @param lmceEnabled    firmware locked IA32_FEAT_CTL with LMCE enabled
 * @param ppinCapable    the part has a PPIN MSR
 * @param smca           AMD scalable MCA
 * @param succor         AMD SUCCOR (MCA recovery)
 * @param overflowRecov  AMD overflow recovery
 * @param bankIpids      SMCA: each bank's MCA_IPID (McaType 63:48, HardwareID 43:32, InstanceId 31:0;
 *                       0 for a bank that is not populated); empty for a CPU without SMCA
 */
public record CpuProfile(String name, Vendor vendor, int family, int model, int stepping, long microcode,
                         long mcgCap, List<BankScope> bankScopes, boolean lmceEnabled, boolean ppinCapable,
                         boolean smca, boolean succor, boolean overflowRecov, List<Long> bankIpids) {

    public CpuProfile {
        bankScopes = List.copyOf(bankScopes);
        bankIpids = List.copyOf(bankIpids);
        if (bankScopes.size() != (int) (mcgCap & 0xff)) {
            throw new IllegalArgumentException("MCG_CAP says " + (mcgCap & 0xff) + " banks but "
                    + bankScopes.size() + " scopes were given");
        }
        if (smca != (bankIpids.size() == bankScopes.size()) || !smca && !bankIpids.isEmpty()) {
            throw new IllegalArgumentException("an SMCA profile has an IPID per bank, another none");
        }
    }

    /** A profile without SMCA bank identities. */
    public CpuProfile(String name, Vendor vendor, int family, int model, int stepping, long microcode, long mcgCap,
                      List<BankScope> bankScopes, boolean lmceEnabled, boolean ppinCapable, boolean smca,
                      boolean succor, boolean overflowRecov) {
        this(name, vendor, family, model, stepping, microcode, mcgCap, bankScopes, lmceEnabled, ppinCapable, smca,
                succor, overflowRecov, List.of());
    }

    /** MCA_IPID of {@code bank}: 0 without SMCA or for an unpopulated bank. */
    public long bankIpid(int bank) {
        return bankIpids.isEmpty() ? 0 : bankIpids.get(bank);
    }

    /** Whether {@code bank} exists in hardware: always, except an SMCA bank without an IPID. */
    public boolean bankPopulated(int bank) {
        return !smca || bankIpid(bank) != 0;
    }

    public int bankCount() {
        return bankScopes.size();
    }

    /** CPUID(1).EAX as the kernel stores it in {@code struct mce.cpuid}. */
    public long cpuid() {
        int baseFamily = Math.min(family, 0xf);
        int extFamily = family >= 0xf ? family - 0xf : 0;
        return (stepping & 0xf) | ((model & 0xf) << 4) | (baseFamily << 8)
                | ((long) (model >> 4) & 0xf) << 16 | ((long) extFamily << 20);
    }

    /** A copy with MCG_CAP.SER_P forced on or off (the replay's {@code --ser}/{@code --no-ser}). */
    public CpuProfile withSer(boolean ser) {
        long cap = ser ? mcgCap | (1L << 24) : mcgCap & ~(1L << 24);
        if (!ser) {
            cap &= ~(1L << 27); // LMCE_P needs SER_P
        }
        return new CpuProfile(name, vendor, family, model, stepping, microcode, cap, bankScopes,
                lmceEnabled && ser, ppinCapable, smca, succor, overflowRecov, bankIpids);
    }
}
