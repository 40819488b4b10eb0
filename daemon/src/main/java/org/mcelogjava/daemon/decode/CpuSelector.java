package org.mcelogjava.daemon.decode;

import java.util.function.Consumer;

/**
 * Chooses the CPU type for a vendor and CPUID value as mcelog's {@code setup_cpuid} and
 * {@code select_intel_cputype} do, reporting mcelog's notes ("only decoding architectural
 * errors", "Unknown CPU type vendor ...") to an error sink, one message per call. Not in mcelog: an
 * AMD family 17h or later (Zen) is {@link CpuType#SMCA} unless {@link AmdDecoding#MCELOG} asks for
 * mcelog's behaviour.
 */
public final class CpuSelector {

    /** Kernel {@code X86_VENDOR_INTEL}. */
    public static final int VENDOR_INTEL = 0;
    /** Kernel {@code X86_VENDOR_AMD}. */
    public static final int VENDOR_AMD = 2;

    private final Consumer<String> errors;
    private final AmdDecoding amd;

    /** A selector that decodes AMD Zen as {@link CpuType#SMCA}. */
    public CpuSelector(Consumer<String> errors) {
        this(errors, AmdDecoding.SMCA);
    }

    /**
     * @param errors receives each note as one line without the {@code mcelog: } prefix
     * @param amd    how AMD family 17h and later is decoded
     */
    public CpuSelector(Consumer<String> errors, AmdDecoding amd) {
        this.errors = errors;
        this.amd = amd;
    }

    /** Whether an AMD CPU of this family is decoded as {@link CpuType#SMCA}. */
    public boolean smca(int family) {
        return amd == AmdDecoding.SMCA && family >= AmdDecoding.FIRST_SMCA_FAMILY;
    }

    /** {@code setup_cpuid}. */
    public CpuType fromCpuid(int vendor, long cpuid) {
        CpuId id = CpuId.parse(cpuid);
        if (vendor == VENDOR_INTEL) {
            return intel(id.family(), id.model());
        }
        if (vendor == VENDOR_AMD && id.family() >= 15 && id.family() <= 17) {
            return CpuType.K8;
        }
        if (vendor == VENDOR_AMD && smca(id.family())) {
            return CpuType.SMCA;
        }
        errors.accept("Unknown CPU type vendor " + vendor + " family " + id.family()
                + " model " + id.model());
        return CpuType.GENERIC;
    }

    /** {@code select_intel_cputype}. */
    public CpuType intel(int family, int model) {
        if (family == 15) {
            return model == 6 ? CpuType.TULSA : CpuType.P4;
        }
        if (family == 6) {
            var known = CpuCatalog.byModel(model);
            if (known.isPresent()) {
                return known.get();
            }
            if (model > 0x1a) {
                errors.accept("Family 6 Model " + Integer.toUnsignedString(model)
                        + " CPU: only decoding architectural errors");
                return CpuType.INTEL;
            }
        }
        if (family > 0xf) {
            var known = CpuCatalog.byModel((family << 8) | model);
            if (known.isPresent()) {
                return known.get();
            }
            errors.accept(architecturalOnly(family, model));
            return CpuType.INTEL;
        }
        if (family > 6) {
            errors.accept(architecturalOnly(family, model));
            return CpuType.INTEL;
        }
        errors.accept("Unknown Intel CPU type family " + Integer.toUnsignedString(family)
                + " model " + Integer.toUnsignedString(model));
        return family == 6 ? CpuType.P6OLD : CpuType.GENERIC;
    }

    private static String architecturalOnly(int family, int model) {
        return "Family " + Integer.toUnsignedString(family) + " Model " + Integer.toUnsignedString(model)
                + " CPU: only decoding architectural errors";
    }
}
