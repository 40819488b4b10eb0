package org.mcelogjava.protocol.mce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mcelogjava.protocol.mce.McaErrorCode.Bus;
import org.mcelogjava.protocol.mce.McaErrorCode.Cache;
import org.mcelogjava.protocol.mce.McaErrorCode.GenericCacheHierarchy;
import org.mcelogjava.protocol.mce.McaErrorCode.Level;
import org.mcelogjava.protocol.mce.McaErrorCode.MemoryController;
import org.mcelogjava.protocol.mce.McaErrorCode.MemoryOrIo;
import org.mcelogjava.protocol.mce.McaErrorCode.MemoryTransaction;
import org.mcelogjava.protocol.mce.McaErrorCode.Participation;
import org.mcelogjava.protocol.mce.McaErrorCode.Request;
import org.mcelogjava.protocol.mce.McaErrorCode.Simple;
import org.mcelogjava.protocol.mce.McaErrorCode.SimpleKind;
import org.mcelogjava.protocol.mce.McaErrorCode.Tlb;
import org.mcelogjava.protocol.mce.McaErrorCode.TransactionType;

class McaErrorCodeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0x0000, NO_ERROR",
            "0x0001, UNCLASSIFIED",
            "0x0002, MICROCODE_ROM_PARITY",
            "0x0003, EXTERNAL",
            "0x0004, FRC",
            "0x0005, INTERNAL_PARITY",
            "0x0400, INTERNAL_TIMER",
            "0x0401, INTERNAL_UNCLASSIFIED",
            "0x0405, INTERNAL_UNCLASSIFIED",
            "0x07ff, INTERNAL_UNCLASSIFIED",
    })
    void simpleCodes(String code, SimpleKind kind) {
        McaErrorCode c = McaErrorCode.of(Integer.decode(code));
        assertEquals(new Simple(Integer.decode(code), kind), c);
    }

    @Test
    void genericCacheHierarchy() {
        GenericCacheHierarchy c = assertInstanceOf(GenericCacheHierarchy.class, McaErrorCode.of(0x000e));
        assertEquals(Level.L2, c.level());
        assertFalse(c.filtered());
    }

    @Test
    void tlbWithFilteringBit() {
        Tlb c = assertInstanceOf(Tlb.class, McaErrorCode.of(0x1015));
        assertTrue(c.filtered());
        assertEquals(TransactionType.DATA, c.type());
        assertEquals(Level.L1, c.level());
    }

    @Test
    void memoryControllerPatrolScrub() {
        // The kernel's MCACOD_SCRUB range 0x00c0..0x00cf: MMM=100 (scrub), CCCC = channel.
        MemoryController c = assertInstanceOf(MemoryController.class, McaErrorCode.of(0x00c3));
        assertEquals(MemoryTransaction.SCRUB, c.transaction());
        assertEquals(3, c.channel());
        MemoryController unspecified = assertInstanceOf(MemoryController.class, McaErrorCode.of(0x009f));
        assertEquals(MemoryTransaction.READ, unspecified.transaction());
        assertEquals(MemoryController.CHANNEL_UNSPECIFIED, unspecified.channel());
    }

    @Test
    void theKernelsNamedCacheCodes() {
        Cache l3wb = assertInstanceOf(Cache.class, McaErrorCode.of(0x017a));
        assertEquals(Request.EVICT, l3wb.request());
        assertEquals(TransactionType.GENERIC, l3wb.type());
        assertEquals(Level.L2, l3wb.level());

        Cache data = assertInstanceOf(Cache.class, McaErrorCode.of(0x0134));
        assertEquals(Request.DRD, data.request());
        assertEquals(TransactionType.DATA, data.type());
        assertEquals(Level.L0, data.level());

        Cache instr = assertInstanceOf(Cache.class, McaErrorCode.of(0x0150));
        assertEquals(Request.IRD, instr.request());
        assertEquals(TransactionType.INSTRUCTION, instr.type());
    }

    @Test
    void busInterconnect() {
        // 0x0e0f: 0000 1110 0000 1111 -> PP=11 generic, T=0, RRRR=0000, II=11 other, LL=11.
        Bus bus = assertInstanceOf(Bus.class, McaErrorCode.of(0x0e0f));
        assertEquals(Participation.GENERIC, bus.participation());
        assertFalse(bus.timeout());
        assertEquals(Request.ERR, bus.request());
        assertEquals(MemoryOrIo.OTHER, bus.memoryOrIo());
        assertEquals(Level.GENERIC, bus.level());

        // 0x1b25: F=1, PP=01 responder, T=1, RRRR=0010 write, II=01, LL=01.
        Bus timedOut = assertInstanceOf(Bus.class, McaErrorCode.of(0x1b25));
        assertTrue(timedOut.filtered());
        assertEquals(Participation.RES, timedOut.participation());
        assertTrue(timedOut.timeout());
        assertEquals(Request.WR, timedOut.request());
        assertEquals(MemoryOrIo.RESERVED, timedOut.memoryOrIo());
        assertEquals(Level.L1, timedOut.level());
    }

    @ParameterizedTest
    @CsvSource({"0x0006", "0x0008", "0x2000", "0x8000", "0x0020"})
    void codesOutsideEveryClassAreReserved(String code) {
        assertInstanceOf(McaErrorCode.Reserved.class, McaErrorCode.of(Integer.decode(code)));
    }

    @Test
    void everySixteenBitCodeClassifiesWithoutError() {
        for (int code = 0; code <= 0xffff; code++) {
            assertEquals(code, McaErrorCode.of(code).code());
        }
    }
}
