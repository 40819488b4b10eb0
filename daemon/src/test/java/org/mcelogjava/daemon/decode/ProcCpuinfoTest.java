package org.mcelogjava.daemon.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcCpuinfoTest {

    private static String block(String vendor, int family, int model, String flagsLine) {
        return "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: " + family + "\nmodel\t\t: " + model
                + "\nmodel name\t: Some CPU\nstepping\t: 4\ncpu MHz\t\t: 2400.000\n" + flagsLine + "\n\n"
                + "processor\t: 1\nvendor_id\t: OtherVendor\n";
    }

    private final List<String> notes = new ArrayList<>();

    @Test
    void theFirstCpusVendorFamilyAndModelAreTaken() {
        ProcCpuinfo info = ProcCpuinfo.parse(block("GenuineIntel", 6, 85, "flags\t\t: fpu mce mca")).orElseThrow();
        assertEquals(new ProcCpuinfo("GenuineIntel", 6, 85), info, "'model name' is not 'model'; CPU 1 is not read");
        assertEquals(Optional.of(CpuType.SKYLAKE_XEON), info.verdict(new CpuSelector(notes::add)).type());
    }

    @Test
    void withoutMhzOrAFlagsLineWithABlankSeventhCharacterItIsNotParsed() {
        assertTrue(ProcCpuinfo.parse(block("GenuineIntel", 6, 85, "flags\t: fpu")).isEmpty(), "one tab: line[6] is ':'");
        assertTrue(ProcCpuinfo.parse(block("GenuineIntel", 6, 85, "flags\t\t: fpu").replace("cpu MHz\t\t: 2400.000\n", ""))
                .isEmpty());
        assertTrue(ProcCpuinfo.parse("").isEmpty());
    }

    @Test
    void withAmdCompatMcelogAmdFromFamily16AndHygonAreRefusedWithMcelogsMessageAndK8IsDecoded() {
        ProcCpuinfo.Verdict zen = new ProcCpuinfo("AuthenticAMD", 23, 49)
                .verdict(new CpuSelector(notes::add, AmdDecoding.MCELOG));
        assertFalse(zen.supported());
        assertEquals(Optional.of("ERROR: AMD Processor family 23: mcelog does not support this processor.  "
                + "Please use the edac_mce_amd module instead."), zen.refusal());
        assertFalse(new ProcCpuinfo("HygonGenuine", 24, 0).verdict(new CpuSelector(notes::add)).supported());
        assertEquals(Optional.of(CpuType.K8), new ProcCpuinfo("AuthenticAMD", 15, 5).verdict(new CpuSelector(notes::add)).type());
        ProcCpuinfo.Verdict other = new ProcCpuinfo("CentaurHauls", 6, 15).verdict(new CpuSelector(notes::add));
        assertTrue(other.supported());
        assertEquals(Optional.empty(), other.type());
        assertEquals(List.of(), notes);
    }

    @Test
    void byDefaultZenIsDecodedAsSmcaWhileFamilies16To22AndHygonAreStillRefused() {
        CpuSelector smca = new CpuSelector(notes::add);
        assertEquals(Optional.of(CpuType.SMCA), new ProcCpuinfo("AuthenticAMD", 23, 49).verdict(smca).type());
        assertEquals(Optional.of(CpuType.SMCA), new ProcCpuinfo("AuthenticAMD", 25, 17).verdict(smca).type());
        assertEquals(Optional.of("ERROR: AMD Processor family 22: mcelog does not support this processor.  "
                + "Please use the edac_mce_amd module instead."),
                new ProcCpuinfo("AuthenticAMD", 22, 0).verdict(smca).refusal(), "family 16h: no SMCA, no decoder");
        assertFalse(new ProcCpuinfo("HygonGenuine", 24, 0).verdict(smca).supported());
        assertEquals(List.of(), notes);
    }
}
