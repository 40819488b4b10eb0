package org.mcelogjava.daemon.ascii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record boundaries and field quirks of mcelog's ascii grammar. */
class AsciiParserTest {

    private final List<AsciiRecord> records = new ArrayList<>();
    private final List<String> echoed = new ArrayList<>();

    private void parse(String input) {
        new AsciiParser(new AsciiSink() {
            @Override
            public void record(AsciiRecord record) {
                records.add(record);
            }

            @Override
            public void echo(String text) {
                echoed.add(text);
            }
        }, true).parse(new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void blankLinesAndNewCpuLinesDoNotEndARecord() {
        parse("CPU 1 BANK 2\n\nSTATUS 5\nCPU 3 BANK 4\n");
        assertEquals(1, records.size());
        assertEquals(3, records.get(0).mce().cpu());
        assertEquals(5, records.get(0).mce().status());
    }

    @Test
    void anUnrecognisedLineEndsTheRecordAndIsEchoed() {
        parse("CPU 1 BANK 2\n# next\nSTATUS 7\n");
        assertEquals(2, records.size());
        assertEquals(List.of("# next\n"), echoed);
    }

    @Test
    void cpuAndBankAreEightBitAndSocketidIsDecimal() {
        parse("CPU 300 BANK 300 SOCKETID 10 APICID 10\n");
        AsciiRecord r = records.get(0);
        assertEquals(44, r.mce().cpu());
        assertEquals(44, r.mce().bank());
        assertEquals(10, r.mce().socketid());
        assertEquals(0x10, r.mce().apicid());
        assertEquals(80, r.recordLength());
    }

    @Test
    void gunkIsSkippedAndTheRipSymbolKeepsItsBrace() {
        parse("<4>[  12.5] mce: [Hardware Error]: RIP !INEXACT! 10:<ffffffff81000000> {foo+0x1/0x2}\n");
        AsciiRecord r = records.get(0);
        assertEquals(0xffffffff81000000L, r.mce().ip());
        assertEquals("foo+0x1/0x2}", r.symbol());
        assertFalse(r.incomplete());
    }

    @Test
    void aFieldThatFailsToParseMarksTheRecordIncomplete() {
        parse("CPU 1 BANK 1\nTIME abc\n");
        assertTrue(records.get(0).incomplete());
    }
}
