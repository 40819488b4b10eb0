package org.mcelogjava.daemon.decode;

import java.util.function.Consumer;

/**
 * Chooses the CPU type for a vendor and CPUID value as mcelog's {@code setup_cpuid} and
 * {@code select_intel_cputype} do, reporting mcelog's notes ("only decoding architectural
 * errors", "Unknown CPU type vendor ...") to an error sink, one message per call.
 */
public final class CpuSelector {

    /** Kernel {@code X86_VENDOR_INTEL}. */
    public static final int VENDOR_INTEL = 0;
    /** Kernel {@code X86_VENDOR_AMD}. */
    public static final int VENDOR_AMD = 2;

    private final Consumer<String> errors;

    /** @param errors receives each note as one line without the {@code mcelog: } prefix */
    public CpuSelector(Consumer<String> errors) {
        this.errors = errors;
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
