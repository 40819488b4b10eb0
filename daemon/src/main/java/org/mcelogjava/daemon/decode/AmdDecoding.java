package org.mcelogjava.daemon.decode;

import java.util.Optional;

/**
 * How records of AMD family 17h and later (Zen, with Scalable MCA) are decoded: by default
 * {@link #SMCA}, the bank type from MCA_IPID and the extended error code as rasdaemon's
 * {@code decode_smca_error} (mce-amd-smca.c) and the kernel's {@code amd64_edac} read them;
 * {@link #MCELOG} (command line {@code --amd-compat=mcelog}) behaves as mcelog v208, which refuses
 * such a CPU at start-up ({@code is_cpu_supported}: "AMD Processor family N: mcelog does not
 * support this processor") and decodes its records as a generic CPU ({@code setup_cpuid}:
 * "Unknown CPU type vendor 2 family N").
 */
public enum AmdDecoding {
    /** Decode Zen records with the SMCA decoder (the default). */
    SMCA,
    /** mcelog v208's behaviour: refuse the CPU, decode nothing of its records. */
    MCELOG;

    /** First AMD family with Scalable MCA (Zen, family 17h); mcelog stops at K8 (family 0Fh-11h). */
    public static final int FIRST_SMCA_FAMILY = 0x17;

    /** The mode named on the command line ({@code mcelog} or {@code smca}), empty for another word. */
    public static Optional<AmdDecoding> named(String word) {
        return switch (word) {
            case "mcelog" -> Optional.of(MCELOG);
            case "smca" -> Optional.of(SMCA);
            default -> Optional.empty();
        };
    }
}
