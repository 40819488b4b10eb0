package org.mcelogjava.daemon.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;

/**
 * AMD Zen 2, Zen 3 and Zen 4 records decoded as SMCA, against fixtures whose expected text and facts
 * come from rasdaemon's decoding tables, the kernel's amd64_edac and the AMD PPRs (smca/zen2.in,
 * zen3.in and zen4.in name the source of each). The records pass through the device's 128-byte
 * {@code struct mce} encoding, as the daemon reads them.
 */
class SmcaDecoderTest {

    private static final int RECORD_LENGTH = 128;
    private static final long ZEN2_CPUID = 0x830f10;
    /** Milan (EPYC 7003): family 19h model 01h. */
    private static final long ZEN3_CPUID = 0xa00f11;
    /** Genoa (EPYC 9004): family 19h model 11h, one of the models of erratum 1384. */
    private static final long ZEN4_CPUID = 0xa10f11;

    private final List<String> notes = new ArrayList<>();

    @Test
    void decodesEachRecordAsTheFixtureSays() {
        assertEquals(resource("zen2.out"), text(decodeAll()));
        assertEquals(List.of(), notes, "a Zen CPUID selects the SMCA decoder without a note");
    }

    @Test
    void decodesZen3AndZen4RecordsAsTheirFixturesSay() {
        assertEquals(resource("zen3.out"), text(decodeAll(records("zen3.in", ZEN3_CPUID))));
        assertEquals(resource("zen4.out"), text(decodeAll(records("zen4.in", ZEN4_CPUID))));
        assertEquals(List.of(), notes);
    }

    @Test
    void genoasCoherentSlaveReadsItsCodesAsErratum1384ReassignsThem() {
        // the same CS V2 record (HardwareID 0x2e, McaType 2, extended error code 9) on Milan and on Genoa
        Mce milan = Mce.builder().bank(17).status(0x9000000000090000L).ipid(0x0002002e00000000L)
                .cpuvendor(CpuSelector.VENDOR_AMD).cpuid(ZEN3_CPUID).mcgcap(0x11c).finished(1).build();
        Mce genoa = milan.toBuilder().cpuid(ZEN4_CPUID).build();
        assertEquals(Optional.of(SmcaBankType.CS_V2), SmcaBankType.of(milan));
        assertEquals(Optional.of(SmcaBankType.CS_V2_ERRATUM_1384), SmcaBankType.of(genoa));
        assertEquals(Optional.of("Probe filter protocol error"), SmcaBankType.of(milan).orElseThrow().describe(9));
        assertEquals(Optional.of("SDP read response with an unexpected retry"),
                SmcaBankType.of(genoa).orElseThrow().describe(9));
        assertEquals(ErrorClass.BUS, decodeAll(List.of(genoa)).get(0).facts().errorClass());
    }

    @Test
    void mi300sHbmMemoryControllerIsNotReadWithTheDdrTables() {
        // MI300 (family 19h model 90h): its UMC (HardwareID 0x96, McaType 0) reports HBM codes and HBM channels
        // (rasdaemon fixup_hwid, smca_umc_quirk_mce_desc, find_hbm_channel), whose meaning this decoder leaves numeric
        Mce umc = Mce.builder().bank(15).status(0x9c20400000050000L | SmcaDecoder.SYNDV).addr(0x1000).synd(0x00400003)
                .ipid(0x0000009600350f00L).cpuvendor(CpuSelector.VENDOR_AMD).cpuid(0xa90f01).mcgcap(0x11c).finished(1).build();
        DecodedMce parity = decodeAll(List.of(umc)).get(0);
        assertEquals(Optional.of(SmcaBankType.UMC_HBM), SmcaBankType.of(umc));
        assertTrue(parity.detail().contains("\nError: not described for this unit (extended error code 5)\n"),
                parity.detail());
        DecodedMce ecc = decodeAll(List.of(umc.toBuilder().status(0x9c2040000000011bL | SmcaDecoder.SYNDV).build())).get(0);
        assertFalse(ecc.detail().contains("Memory: UMC channel"), ecc.detail());
        assertEquals(ErrorClass.MEMORY, ecc.facts().errorClass());
        assertEquals(List.of(), ecc.facts().sites(), "no DDR channel and chip select for an HBM error");
        assertEquals(Optional.of(SmcaBankType.UMC), SmcaBankType.of(umc.toBuilder().cpuid(ZEN4_CPUID).build()));
    }

    private static String text(List<DecodedMce> decoded) {
        List<String> texts = new ArrayList<>();
        for (DecodedMce d : decoded) {
            TextBuffer out = new TextBuffer(2048);
            new MceTextFormatter(new CtimeText(ZoneOffset.UTC), OptionalDouble.empty()).format(d, out);
            texts.add(out.toString());
        }
        return String.join("\n", texts);
    }

    @Test
    void aUmcDramErrorIsAMemoryErrorAtItsChannelAndDimmWithItsPage() {
        List<DecodedMce> all = decodeAll();
        RecordFacts ce = all.get(0).facts();
        assertEquals(ErrorClass.MEMORY, ce.errorClass());
        assertEquals(List.of(new MemorySite(0, 0, 1, -1)), ce.sites(), "UMC 0, chip select 3: DIMM 1");
        assertEquals(0x1a2b3000L, ce.page());
        assertEquals(Optional.empty(), ce.severity());
        RecordFacts deferred = all.get(1).facts();
        assertEquals(List.of(new MemorySite(0, 1, 0, -1)), deferred.sites(), "UMC 1, chip select 0: DIMM 0");
        assertEquals(Optional.of("DEFERRED"), deferred.severity());
        assertEquals(true, deferred.uncorrected());
        RecordFacts notDram = all.get(6).facts();
        assertEquals(ErrorClass.UNKNOWN, notDram.errorClass(), "a UMC parity error is no DRAM error");
        assertEquals(List.of(), notDram.sites());
        assertEquals(-1, notDram.page());
    }

    @Test
    void cacheUnitsAreCacheErrorsWithTheirLevelAndAContextCorruptingOneIsPcc() {
        List<DecodedMce> all = decodeAll();
        assertEquals(ErrorClass.CACHE, all.get(2).facts().errorClass());
        assertEquals(Optional.of("Level-3"), all.get(2).facts().level());
        assertEquals(Optional.of("Level-1"), all.get(3).facts().level());
        assertEquals(Optional.of("PCC"), all.get(3).facts().severity());
        assertEquals(ErrorClass.UNKNOWN, all.get(4).facts().errorClass(), "no IPID: no unit, no class");
        assertEquals("BANK 4", all.get(4).bankName());
        assertEquals("BANK 15 Unified Memory Controller", all.get(0).bankName());
    }

    @Test
    void withAmdCompatMcelogTheSameRecordsAreGenericAsInMcelog() {
        MceDecoder mcelog = new MceDecoder(new CpuTypeTracker(CpuType.GENERIC, false, notes::add, AmdDecoding.MCELOG),
                new CpuDecoders());
        Mce m = records().get(0);
        DecodedMce d = mcelog.decode(m, RECORD_LENGTH);
        assertEquals(CpuType.GENERIC, d.cpuType());
        assertEquals("", d.detail());
        assertEquals(ErrorClass.CACHE, d.facts().errorClass(), "MCACOD 0x011b read as an Intel code");
        assertEquals(List.of("Unknown CPU type vendor 2 family 23 model 1"), notes);
    }

    private List<DecodedMce> decodeAll() {
        return decodeAll(records());
    }

    private List<DecodedMce> decodeAll(List<Mce> records) {
        MceDecoder decoder = new MceDecoder(new CpuTypeTracker(CpuType.GENERIC, false, notes::add), new CpuDecoders());
        List<DecodedMce> out = new ArrayList<>();
        for (Mce m : records) {
            // through the device's encoding, as the daemon receives it
            out.add(decoder.decode(MceCodec.decode(MceCodec.encode(m, RECORD_LENGTH), 0, RECORD_LENGTH), RECORD_LENGTH));
        }
        assertEquals(CpuType.SMCA, out.get(0).cpuType());
        return out;
    }

    /** The Zen 2 fixture's records. */
    static List<Mce> records() {
        return records("zen2.in", ZEN2_CPUID);
    }

    /** A fixture's records: {@code bank status addr misc synd ipid mcgstatus} in hex, one a line. */
    private static List<Mce> records(String fixture, long cpuid) {
        List<Mce> out = new ArrayList<>();
        for (String line : resource(fixture).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            out.add(Mce.builder().bank(Integer.parseInt(f[0], 16)).status(Long.parseUnsignedLong(f[1], 16))
                    .addr(Long.parseUnsignedLong(f[2], 16)).misc(Long.parseUnsignedLong(f[3], 16))
                    .synd(Long.parseUnsignedLong(f[4], 16)).ipid(Long.parseUnsignedLong(f[5], 16))
                    .mcgstatus(Long.parseUnsignedLong(f[6], 16)).cpuvendor(CpuSelector.VENDOR_AMD).cpuid(cpuid)
                    .mcgcap(0x117).finished(1).build());
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = SmcaDecoderTest.class.getResourceAsStream("/smca/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource /smca/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
