package org.mcelogjava.daemon.decode;

import java.util.List;
import java.util.Optional;
import org.mcelogjava.protocol.mce.McaStatus;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The {@link RecordFacts} of a record decoded as {@link CpuType#SMCA}: the error class from the
 * bank type MCA_IPID names ({@link SmcaBankType#errorClass}), the memory site of a UMC DRAM error
 * ({@link SmcaDecoder#umcSite}: UMC channel, DIMM = chip select / 2), its page when MCA_ADDR is
 * valid (the simulator, like the kernel after {@code umc_normaddr_to_sysaddr}, reports a system
 * physical address), the cache level of the core's and the L3's banks, and as severity "PCC" or
 * "DEFERRED" (MCA_STATUS[44], an uncorrected error the hardware deferred, AMD's counterpart of UCNA).
 * No transaction: SMCA's extended error code, printed as the record's "Error:" line, replaces it.
 */
final class SmcaFacts {

    private static final long PAGE_MASK = ~0xfffL;

    private SmcaFacts() {
    }

    static RecordFacts of(Mce m, long socket) {
        long status = m.status();
        Optional<SmcaBankType> type = SmcaBankType.of(m);
        ErrorClass errorClass = type.map(t -> t.errorClass(SmcaDecoder.extendedErrorCode(status)))
                .orElse(ErrorClass.UNKNOWN);
        List<MemorySite> sites = errorClass == ErrorClass.MEMORY ? SmcaDecoder.umcSite(m).stream().toList() : List.of();
        long page = errorClass == ErrorClass.MEMORY && (status & McaStatus.ADDRV) != 0 ? m.addr() & PAGE_MASK : -1;
        Optional<String> level = type.flatMap(t -> switch (t) {
            case LS, LS_V2, IF -> Optional.of("Level-1");
            case L2_CACHE -> Optional.of("Level-2");
            case L3_CACHE -> Optional.of("Level-3");
            default -> Optional.<String>empty();
        });
        Optional<String> severity = (status & McaStatus.PCC) != 0 ? Optional.of("PCC")
                : (status & SmcaDecoder.DEFERRED) != 0 ? Optional.of("DEFERRED") : Optional.empty();
        return new RecordFacts(errorClass, socket, sites, page, Optional.empty(), level, severity,
                (status & McaStatus.UC) != 0);
    }
}
