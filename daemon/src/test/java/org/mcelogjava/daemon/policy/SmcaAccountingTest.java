package org.mcelogjava.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.config.ConfigException;
import org.mcelogjava.daemon.config.ConfigFile;
import org.mcelogjava.daemon.config.ConfigValidator;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.decode.CpuDecoders;
import org.mcelogjava.daemon.decode.CpuSelector;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.CpuTypeTracker;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.daemon.dmi.DmiMemory;
import org.mcelogjava.protocol.mce.Mce;

/**
 * AMD Zen memory errors go through the same memory database and page rules as Intel's: per UMC
 * channel and DIMM (chip select / 2), named from DMI, with the [dimm], [socket] and [page]
 * thresholds of the config file. Records as a Zen 2 logs corrected DRAM ECC errors (UMC bank 15/16,
 * MCA_STATUS 0x9c2040000000011b, MCA_IPID InstanceId 0x50f00 / 0x150f00, chip select in SYND[2:0]).
 */
class SmcaAccountingTest {

    private static final long CE = 0x9c20_4000_0000_011bL;
    private static final long UMC0 = 0x0000_0096_0005_0f00L;
    private static final long UMC1 = 0x0000_0096_0015_0f00L;

    @TempDir
    Path dir;

    @Test
    void dramErrorsAreCountedPerUmcChannelAndDimmAndCrossTheDimmAndPageThresholds() throws Exception {
        MemoryErrorFilter filter = filter();
        assertEquals(0, filter.prefill(List.of(new DmiMemory.Device("CPU0_DIMM_A1", "P0_Node0_Channel0_Dimm0"),
                new DmiMemory.Device("CPU0_DIMM_A2", "P0_Node0_Channel0_Dimm1"),
                new DmiMemory.Device("CPU0_DIMM_B1", "P0_Node0_Channel1_Dimm0"),
                new DmiMemory.Device("CPU0_DIMM_B2", "P0_Node0_Channel1_Dimm1"))));
        MceDecoder decoder = new MceDecoder(new CpuTypeTracker(CpuType.GENERIC, false, line -> { }), new CpuDecoders());
        List<AccountingEvent> events = new ArrayList<>();
        // UMC 0, chip select 2 (DIMM 1): twice on one page; UMC 1, chip select 1 (DIMM 0): once
        events.addAll(filter.account(decode(decoder, 15, UMC0, 2, 0x4000_1040L)).events());
        events.addAll(filter.account(decode(decoder, 15, UMC0, 3, 0x4000_1080L)).events());
        events.addAll(filter.account(decode(decoder, 16, UMC1, 1, 0x8000_0000L)).events());
        String dump = filter.queries().dump(false, true);
        assertTrue(dump.contains("SOCKET 0 CHANNEL 0 DIMM 1\nDMI_NAME \"CPU0_DIMM_A2\" DMI_LOCATION "
                + "\"P0_Node0_Channel0_Dimm1\"\ncorrected memory errors:\n\t2 total\n"), dump);
        assertTrue(dump.contains("SOCKET 0 CHANNEL 1 DIMM 0\nDMI_NAME \"CPU0_DIMM_B1\" DMI_LOCATION "
                + "\"P0_Node0_Channel1_Dimm0\"\ncorrected memory errors:\n\t1 total\n"), dump);
        assertTrue(dump.contains("SOCKET 0 CHANNEL any DIMM any\ncorrected memory errors:\n\t3 total\n"), dump);
        assertEquals(List.of("corrected DIMM memory error count exceeded threshold: 2 in 24h"),
                new RecordAccounting.Outcome(events, true).thresholds(), "the second error on UMC 0's DIMM 1");
        assertTrue(events.contains(new AccountingEvent.Notice("Location SOCKET:0 CHANNEL:0 DIMM:1 "
                + "[P0_Node0_Channel0_Dimm1 CPU0_DIMM_A2]")), events.toString());
        assertTrue(filter.queries().pages().contains("40001000"), filter.queries().pages());
        assertTrue(events.stream().noneMatch(e -> e instanceof AccountingEvent.OfflinePage),
                "memory-ce-action = account never offlines: " + events);
    }

    @Test
    void aUmcErrorThatIsNoDramErrorAndACacheErrorAreNotMemoryErrors() throws Exception {
        MemoryErrorFilter filter = filter();
        MceDecoder decoder = new MceDecoder(new CpuTypeTracker(CpuType.GENERIC, false, line -> { }), new CpuDecoders());
        Mce parity = Mce.builder().bank(15).status(0x9000_0000_0004_0000L).ipid(UMC0).cpuvendor(CpuSelector.VENDOR_AMD)
                .cpuid(0x830f10).finished(1).build();
        Mce l3 = Mce.builder().bank(7).status(0x9000_4000_0004_0136L).ipid(0x0007_00b0_0000_0002L)
                .cpuvendor(CpuSelector.VENDOR_AMD).cpuid(0x830f10).finished(1).build();
        assertEquals(RecordAccounting.Outcome.NOTHING, filter.account(decoder.decode(parity, 128)));
        assertEquals(RecordAccounting.Outcome.NOTHING, filter.account(decoder.decode(l3, 128)));
        assertEquals("", filter.queries().dump(false, false).replace("Memory errors\n", "").strip());
    }

    private MemoryErrorFilter filter() throws IOException, ConfigException {
        Path conf = dir.resolve("mcelog.conf");
        Files.writeString(conf, """
                [dimm]
                ce-error-threshold = 2 / 24h
                ce-error-log = yes
                [socket]
                mem-ce-error-threshold = 10 / 24h
                [page]
                memory-ce-threshold = 10 / 24h
                memory-ce-action = account
                """);
        McelogConfig config = ConfigValidator.validate(ConfigFile.read(conf), Set.of());
        assertTrue(MemoryErrorFilter.supportsMemoryErrors(CpuType.SMCA), "DIMM tracking on by default for Zen");
        return MemoryErrorFilter.configured(config, CpuType.SMCA, "/bin", () -> 1_700_000_000L);
    }

    private static DecodedMce decode(MceDecoder decoder, int bank, long ipid, int chipSelect, long addr) {
        return decoder.decode(Mce.builder().bank(bank).status(CE).addr(addr).misc(0xd01a_0ff0_0000_0000L)
                .synd(0x0000_12ab_0040_0000L | chipSelect).ipid(ipid).cpuvendor(CpuSelector.VENDOR_AMD)
                .cpuid(0x830f10).mcgcap(0x117).time(1_700_000_000L).finished(1).build(), 128);
    }
}
