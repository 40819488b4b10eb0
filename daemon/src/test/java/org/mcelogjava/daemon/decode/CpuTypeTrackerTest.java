package org.mcelogjava.daemon.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CPU type selection from CPUID, as mcelog's setup_cpuid/select_intel_cputype/mce_cpuid. */
class CpuTypeTrackerTest {

    private final List<String> errors = new ArrayList<>();

    @Test
    void selectsModelDecodersAndCarriesTheTypeOver() {
        CpuTypeTracker tracker = new CpuTypeTracker(CpuType.GENERIC, false, errors::add);
        assertEquals(CpuType.SKYLAKE_XEON, tracker.observe(0, 0x50654));
        assertEquals(CpuType.SKYLAKE_XEON, tracker.observe(0, 0));
        assertEquals(CpuType.DIAMONDRAPIDS, tracker.observe(0, 0x400f10));
        assertEquals(CpuType.TULSA, tracker.observe(0, 0xf60));
        assertEquals(CpuType.K8, tracker.observe(2, 0x20f12));
        assertEquals(List.of(), errors);
    }

    @Test
    void notesArchitecturalOnlyAndUnknownVendors() {
        CpuTypeTracker tracker = new CpuTypeTracker(CpuType.GENERIC, false, errors::add, AmdDecoding.MCELOG);
        assertEquals(CpuType.INTEL, tracker.observe(0, 0x506c9));
        assertEquals(CpuType.GENERIC, tracker.observe(2, 0x800f12));
        assertEquals(List.of("Family 6 Model 92 CPU: only decoding architectural errors",
                "Unknown CPU type vendor 2 family 23 model 1"), errors);
    }

    @Test
    void byDefaultAnAmdZenRecordSelectsTheSmcaDecoderWithoutANote() {
        CpuTypeTracker tracker = new CpuTypeTracker(CpuType.GENERIC, false, errors::add);
        assertEquals(CpuType.SMCA, tracker.observe(CpuSelector.VENDOR_AMD, 0x830f10)); // family 17h model 31h
        assertEquals(CpuType.SMCA, tracker.observe(CpuSelector.VENDOR_AMD, 0xa00f11)); // family 19h
        assertEquals(CpuType.K8, tracker.observe(CpuSelector.VENDOR_AMD, 0x20f12), "family 0Fh stays K8");
        assertEquals(List.of(), errors);
    }

    @Test
    void aForcedTypeWinsAndTheMismatchIsReportedOnce() {
        CpuTypeTracker tracker = new CpuTypeTracker(CpuType.NEHALEM, true, errors::add);
        assertEquals(CpuType.NEHALEM, tracker.observe(0, 0x50654));
        assertEquals(CpuType.NEHALEM, tracker.observe(0, 0x606a6));
        assertEquals(1, errors.size());
    }

    @Test
    void cpuidParsingUsesExtendedFieldsOnlyWhereMcelogDoes() {
        assertEquals(new CpuId(6, 0x55, 4), CpuId.parse(0x50654));
        assertEquals(new CpuId(0x13, 1, 0), CpuId.parse(0x400f10));
        assertEquals(new CpuId(5, 1, 0), CpuId.parse(0x50510));
    }
}
