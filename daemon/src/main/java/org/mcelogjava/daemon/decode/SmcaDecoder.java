package org.mcelogjava.daemon.decode;

import java.util.List;
import java.util.Optional;
import org.mcelogjava.protocol.mce.McaStatus;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The decoder of AMD Zen CPUs (family 17h and later), whose Scalable MCA banks say what they are in
 * MCA_IPID: decodes a record as rasdaemon's {@code parse_amd_smca_event} / {@code decode_smca_error}
 * (mce-amd-smca.c) and the kernel's {@code decode_umc_error} (drivers/edac/amd64_edac.c) read it,
 * and prints it in the shape mcelog's Intel decoder gives its records (mcelog v208 has no decoder for
 * these CPUs). The decode block, between the TIME and STATUS lines:
 *
 * <pre>
 * MCG status:RIPV MCIP            the MCG_STATUS flags, as mcelog prints them for Intel
 * MCA_STATUS:                     then one line per set bit of MCA_STATUS (AMD PPR, MCA_STATUS_&lt;unit&gt;):
 * Corrected error                   VAL clear, OVER, UC / Deferred / corrected, EN, MiscV, AddrV,
 * Error enabled                     SyndV, PCC, TCC, CECC, UECC, Poison
 * ...
 * SMCA: Unified Memory Controller (HardwareID 0x96 McaType 0x0 InstanceId 0x50f00)
 * Error: DRAM ECC error (extended error code 0)
 * Memory: UMC channel 0 chip select 3 (DIMM 1)        UMC DRAM errors only
 * ECC syndrome: 0x12ab (16 bits)                      corrected ECC errors with a valid SYND
 * SYND 12ab00400003 IPID 9600050f00
 * </pre>
 */
public final class SmcaDecoder implements CpuDecoder {

    static final long DEFERRED = 1L << 44;
    static final long POISON = 1L << 43;
    static final long UECC = 1L << 45;
    static final long CECC = 1L << 46;
    static final long SYNDV = 1L << 53;
    static final long TCC = 1L << 55;
    /** MCA_STATUS's bits printed one a line after the error's kind (AMD PPR, MCA_STATUS_&lt;unit&gt;). */
    private static final List<StatusFlags.Flag> MCA_STATUS_BITS = List.of(
            new StatusFlags.Flag(McaStatus.EN, "Error enabled"),
            new StatusFlags.Flag(McaStatus.MISCV, "MCA_MISC register valid"),
            new StatusFlags.Flag(McaStatus.ADDRV, "MCA_ADDR register valid"),
            new StatusFlags.Flag(SYNDV, "MCA_SYND register valid"),
            new StatusFlags.Flag(McaStatus.PCC, "Processor context corrupt"),
            new StatusFlags.Flag(TCC, "Task context corrupt"),
            new StatusFlags.Flag(CECC, "Corrected ECC error"),
            new StatusFlags.Flag(UECC, "Uncorrected ECC error"),
            new StatusFlags.Flag(POISON, "Poison consumed"));

    @Override
    public String bankName(int bank) {
        return BankNames.numeric(bank);
    }

    @Override
    public String bankName(Mce m) {
        String numeric = BankNames.numeric(m.bank());
        return SmcaBankType.of(m).map(t -> numeric + " " + t.unit()).orElse(numeric);
    }

    /** MCA_STATUS[21:16], the extended error code. */
    static int extendedErrorCode(long status) {
        return (int) (status >>> 16) & 0x3f;
    }

    @Override
    public void decode(Mce m, int recordLength, TextBuffer out, List<McaEvent> events) {
        StatusFlags.inline("MCG status:", m.mcgstatus(), StatusFlags.MCG_STATUS_AMD, out);
        mcaStatus(m.status(), out);
        SmcaIpid ipid = SmcaIpid.parse(m.ipid());
        Optional<SmcaBankType> type = SmcaBankType.of(m);
        int xec = extendedErrorCode(m.status());
        if (m.ipid() == 0) {
            out.append("SMCA: bank without MCA_IPID (not populated, or the record does not carry it)\n");
        } else if (type.isEmpty()) {
            out.append("SMCA: no known bank type has HardwareID 0x").appendHex(ipid.hardwareId())
                    .append(" McaType 0x").appendHex(ipid.mcaType()).append('\n');
        } else {
            out.append("SMCA: ").append(type.get().unit()).append(" (HardwareID 0x").appendHex(ipid.hardwareId())
                    .append(" McaType 0x").appendHex(ipid.mcaType()).append(" InstanceId 0x")
                    .appendHex(ipid.instanceId()).append(")\n");
            Optional<String> text = type.get().describe(xec);
            out.append("Error: ").append(text.orElse("not described for this unit"))
                    .append(" (extended error code ").append(xec).append(")\n");
        }
        umcSite(m, type).ifPresent(site -> {
            out.append("Memory: UMC channel ").append(site.channel());
            if (site.dimm() >= 0) {
                out.append(" chip select ").append(chipSelect(m)).append(" (DIMM ").append(site.dimm()).append(')');
            }
            out.append('\n');
        });
        syndrome(m).ifPresent(s -> out.append("ECC syndrome: 0x").appendHex(s).append(" (")
                .append(syndromeLength(m.synd())).append(" bits)\n"));
        if ((m.status() & SYNDV) != 0) {
            out.append("SYND ").appendHex(m.synd()).append(' ');
        }
        out.append("IPID ").appendHex(m.ipid()).append('\n');
    }

    /**
     * Where a UMC DRAM error (extended error code 0 or 1) happened: the channel from MCA_IPID
     * ({@code find_umc_channel}) and, when MCA_SYND is valid, the chip select from SYND[2:0] (the
     * kernel's {@code err.csrow}) and the DIMM it belongs to, chip select / 2 (two chip selects, one
     * per rank, per DIMM slot on a Zen 2 UMC). Empty for any other record.
     */
    public static Optional<MemorySite> umcSite(Mce m) {
        return umcSite(m, SmcaBankType.of(m));
    }

    /** As {@link #umcSite(Mce)}, with the bank type the caller has already looked up. */
    private static Optional<MemorySite> umcSite(Mce m, Optional<SmcaBankType> type) {
        if (type.isEmpty() || !type.get().isUmc() || extendedErrorCode(m.status()) > 1) {
            return Optional.empty();
        }
        int dimm = (m.status() & SYNDV) != 0 ? chipSelect(m) / 2 : -1;
        return Optional.of(new MemorySite(m.socketid(), SmcaIpid.parse(m.ipid()).umcChannel(), dimm, -1));
    }

    private static int chipSelect(Mce m) {
        return (int) (m.synd() & 0x7);
    }

    private static int syndromeLength(long synd) {
        return (int) (synd >>> 18) & 0x3f;
    }

    /** A corrected ECC error's syndrome: SYND[63:32], Length (SYND[23:18]) bits of it ({@code decode_umc_error}). */
    private static Optional<Long> syndrome(Mce m) {
        int length = syndromeLength(m.synd());
        if ((m.status() & (SYNDV | CECC)) != (SYNDV | CECC) || length == 0) {
            return Optional.empty();
        }
        long mask = length >= 32 ? 0xffffffffL : (1L << length) - 1;
        return Optional.of((m.synd() >>> 32) & mask);
    }

    private static void mcaStatus(long s, TextBuffer out) {
        out.append("MCA_STATUS:\n");
        if ((s & McaStatus.VAL) == 0) {
            out.append("Machine check not valid\n");
        }
        if ((s & McaStatus.OVER) != 0) {
            out.append("Error overflow\n");
        }
        if ((s & DEFERRED) != 0) {
            out.append("Deferred error\n");
        } else {
            out.append((s & McaStatus.UC) != 0 ? "Uncorrected error\n" : "Corrected error\n");
        }
        StatusFlags.lines(s, MCA_STATUS_BITS, out);
    }
}
