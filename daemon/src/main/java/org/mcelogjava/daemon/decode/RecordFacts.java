package org.mcelogjava.daemon.decode;

import java.util.List;
import java.util.Optional;
import org.mcelogjava.protocol.mce.McaStatus;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceField;

/**
 * What a record says about its error, worked out once when it is decoded, for every later step:
 * the error class, the socket, the memory sites and page of a memory error, and, for records
 * decoded by the architectural Intel decoder (mcelog's {@code decode_mci}/{@code decode_mca} in
 * intel.c), the transaction, cache level and recovery state in the very words the log text uses.
 * Records of AMD Zen CPUs ({@link CpuType#SMCA}) get theirs from {@link SmcaFacts}.
 *
 * @param errorClass  the one classification of the MCACOD
 * @param socket      the socket the kernel reported, -1 when the record does not carry one
 * @param sites       where a memory error happened (one, or two failing ranks); empty for other classes
 * @param page        the 4 KiB page of a memory error with a valid address, -1 otherwise
 * @param transaction the transaction as the log names it ("Memory read error", "Data-Read"), if it does
 * @param level       the cache level as the log names it ("Level-1"), if it does
 * @param severity    the recovery state the log's MCi status lines state: "PCC" (processor context
 *                    corrupt) or the S/AR state "UCNA", "AR", "SRAO", "SRAR"; empty when they state none
 * @param uncorrected MCi_STATUS.UC
 */
public record RecordFacts(ErrorClass errorClass, long socket, List<MemorySite> sites, long page,
                          Optional<String> transaction, Optional<String> level, Optional<String> severity,
                          boolean uncorrected) {

    private static final int THERMAL_BANK = 128;
    private static final long PAGE_MASK = ~0xfffL;

    public RecordFacts {
        sites = List.copyOf(sites);
    }

    /**
     * The facts of one record.
     *
     * @param recordLength bytes of {@code struct mce} the source supplied
     * @param imcLog       Sandy/Ivy Bridge-EP failing ranks name DIMMs (not --no-imc-log)
     */
    public static RecordFacts of(Mce m, int recordLength, CpuType type, boolean imcLog) {
        long socket = recordLength > MceField.SOCKETID.offset() ? m.socketid() : -1;
        long status = m.status();
        boolean uc = (status & McaStatus.UC) != 0;
        if (type == CpuType.SMCA && m.bank() < THERMAL_BANK) {
            return SmcaFacts.of(m, socket); // mcelog-java: AMD Zen, sites and class from MCA_IPID/SYND
        }
        if (m.bank() == THERMAL_BANK) {
            return new RecordFacts(ErrorClass.UNKNOWN, socket, List.of(), -1, Optional.empty(), Optional.empty(),
                    Optional.empty(), uc);
        }
        int mca = (int) (status & 0xffff) & ~(1 << 12);
        ErrorClass errorClass = ErrorClass.of(mca);
        List<MemorySite> sites = errorClass == ErrorClass.MEMORY ? MemorySite.locate(m, type, imcLog) : List.of();
        long page = errorClass == ErrorClass.MEMORY && (status & McaStatus.ADDRV) != 0 ? m.addr() & PAGE_MASK : -1;
        boolean worded = type != CpuType.GENERIC && type != CpuType.K8;
        return new RecordFacts(errorClass, socket, sites, page,
                worded ? transaction(mca, errorClass) : Optional.empty(),
                worded ? level(mca, errorClass) : Optional.empty(),
                worded ? severity(status) : Optional.empty(), uc);
    }

    /** The channel of the first site, -1 when unknown. */
    public int channel() {
        return sites.isEmpty() ? -1 : sites.get(0).channel();
    }

    /** The DIMM of the first site, -1 when unknown. */
    public int dimm() {
        return sites.isEmpty() ? -1 : sites.get(0).dimm();
    }

    private static Optional<String> transaction(int mca, ErrorClass c) {
        return switch (c) {
            case MEMORY -> Optional.of(IntelDecoder.MMM_DESC[(mca >>> 4) & 7]);
            case CACHE -> (mca >>> 8) == 1 ? Optional.of(request(mca)) : Optional.empty();
            case BUS, INTERCONNECT -> Optional.of(request(mca));
            case UNKNOWN -> Optional.empty();
        };
    }

    private static Optional<String> level(int mca, ErrorClass c) {
        if (c == ErrorClass.CACHE && (mca >>> 8) == 1) {
            int level = (mca & 3) + 1;
            return Optional.of(level < IntelDecoder.LL.length ? IntelDecoder.LL[level] : "UNKNOWN");
        }
        return c == ErrorClass.CACHE || c == ErrorClass.BUS || c == ErrorClass.INTERCONNECT
                ? Optional.of(IntelDecoder.LL[mca & 3]) : Optional.empty();
    }

    private static String request(int mca) {
        int r = (mca & 0xf0) >>> 4;
        return r < IntelDecoder.RRRR.length ? IntelDecoder.RRRR[r] : "UNKNOWN";
    }

    private static Optional<String> severity(long status) {
        if ((status & McaStatus.PCC) != 0) {
            return Optional.of("PCC");
        }
        if ((status & (McaStatus.S | McaStatus.AR)) != 0) {
            return Optional.of(IntelDecoder.AR_STATE[(int) (status >>> 55) & 3]);
        }
        return Optional.empty();
    }
}
