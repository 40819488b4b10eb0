package org.mcelogjava.kernelsim.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.mce.Mce;

/** The mce-inject language's edge cases (spec mce-inject.md §1.2–1.7). */
class InjectParserTest {

    private final List<InjectRecord> submitted = new ArrayList<>();

    private List<InjectRecord> parse(String... texts) throws InjectSyntaxException {
        List<InjectSource> sources = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            sources.add(new InjectSource("f" + i, texts[i]));
        }
        new InjectParser(new InjectLexer(sources)).parse(submitted::add);
        return submitted;
    }

    private InjectSyntaxException error(String text) {
        return assertThrows(InjectSyntaxException.class, () -> parse(text));
    }

    private Mce only(String text) throws InjectSyntaxException {
        List<InjectRecord> r = parse(text);
        assertEquals(1, r.size());
        return r.get(0).mce();
    }

    @Test
    void statusWordOutsideItsListIsASyntaxErrorAfterTheRecordWasSubmitted() {
        InjectSyntaxException e = error("CPU 0 BANK 1 STATUS RIPV");
        assertEquals("f0:1: syntax error", e.getMessage());
        assertEquals(1, submitted.size());
        assertEquals(0, submitted.get(0).mce().status());
    }

    @Test
    void leadingZeroMeansOctalSoEightAndNineConvertToZero() throws Exception {
        Mce m = only("CPU 0 BANK 08 STATUS 09");
        assertEquals(0, m.bank());
        assertEquals(0, m.status());
        assertEquals(0755, only2("CPU 0 STATUS 0755").status());
    }

    private Mce only2(String text) throws InjectSyntaxException {
        submitted.clear();
        return only(text);
    }

    @Test
    void bankIsTruncatedToEightBits() throws Exception {
        assertEquals(44, only("CPU 0 BANK 300 STATUS 0").bank());
    }

    @Test
    void panicLineFormDoesNotSetExtcpu() throws Exception {
        Mce m = only("CPU 2: Machine Check Exception: 5 Bank 4: 0xb200000000000000 RIP 0x10:<0xffff> {foo}");
        assertEquals(2, m.cpu());
        assertEquals(0, m.extcpu());
        assertEquals(5, m.mcgstatus());
        assertEquals(4, m.bank());
        assertEquals(0xb200000000000000L, m.status());
        assertEquals(0x10, m.cs());
        assertEquals(0xffff, m.ip());
    }

    @Test
    void cpuWithSecondNumberSetsTheBankAndKeywordsAreCaseInsensitive() throws Exception {
        Mce m = only("CPU 1 3 status corrected");
        assertEquals(1, m.extcpu());
        assertEquals(3, m.bank());
        assertEquals(0x9000000000000000L, m.status());
    }

    @Test
    void mceStartsARecordOnCpuZero() throws Exception {
        List<InjectRecord> r = parse("MCE BANK 1 MCE BANK 2");
        assertEquals(2, r.size());
        assertEquals(2, r.get(1).mce().bank());
    }

    @Test
    void statusAssignsWhileAddrAndMiscOrTheirValidBits() throws Exception {
        assertEquals(0x0400000000000020L, only("CPU 0 STATUS 0x10 STATUS 0x20 ADDR 1").status());
        assertEquals(0x2000000000000000L, only2("CPU 0 ADDR 0x1000 STATUS UC").status());
    }

    @Test
    void aRecordNeedsAtLeastOneTerm() {
        assertEquals("f0:1: syntax error", error("CPU 0").getMessage());
        assertEquals(0, submitted.size());
    }

    @Test
    void unknownCharacterIsFatalBeforeTheRecordIsReduced() {
        InjectSyntaxException e = error("CPU 0 STATUS CORRECTED\r\n");
        assertEquals("f0:1: Unrecognized character '\r'", e.getMessage());
        assertEquals(0, submitted.size());
    }

    @Test
    void commentNewlinesAreNotCountedAndAFinalCommentNeedsANewline() {
        InjectSyntaxException e = error("# one\n# two\nCPU 0 STATUS 0\nBANK x\n");
        assertEquals("f0:2: syntax error", e.getMessage());
        assertEquals("f0:1: Unrecognized character '#'", error("CPU 0 STATUS 0 # no newline").getMessage());
    }

    @Test
    void hexNeedsLowerCaseXAndNumbersClampAtU64Max() throws Exception {
        assertEquals("f0:1: syntax error", error("CPU 0 STATUS 0Xab").getMessage());
        assertEquals(-1L, only2("CPU 0 ADDR 99999999999999999999999").addr());
    }

    @Test
    void recordsMaySpanFilesAndLinesKeepCounting() throws Exception {
        List<InjectRecord> r = parse("CPU 1\n", "STATUS CORRECTED\nCPU 2 STATUS 0\n");
        assertEquals(2, r.size());
        assertEquals(1, r.get(0).mce().extcpu());
        InjectSyntaxException e = assertThrows(InjectSyntaxException.class,
                () -> new InjectParser(new InjectLexer(List.of(new InjectSource("a", "CPU 1\n"),
                        new InjectSource("b", "STATUS RIPV\n")))).parse(x -> { }));
        assertEquals("b:2: syntax error", e.getMessage());
    }

    @Test
    void flagsAndContexts() throws Exception {
        InjectRecord r = parse("CPU 3 STATUS UNCORRECTED SRAR 0x134 MCGSTATUS RIPV EIPV MCIP LMCES SEAM_NR "
                + "RIP 0x73:0x1000 HOLD IRQBROADCAST NOBROADCAST IN_IRQ EXCP").get(0);
        assertEquals(0xb180000000000134L, r.mce().status());
        assertEquals(0x100f, r.mce().mcgstatus());
        assertEquals(0x73, r.mce().cs());
        assertEquals(InjectFlags.CTX_IRQ | InjectFlags.EXCEPTION, r.mce().injectFlags());
        assertEquals(InjectRecord.HOLD | InjectRecord.IRQBROADCAST | InjectRecord.NOBROADCAST
                | InjectRecord.RAISE_MODE, r.flags());
    }

    @Test
    void broadcastIsNotAKeyword() {
        assertEquals("f0:1: syntax error", error("CPU broadcast STATUS 0").getMessage());
    }

    @Test
    void errorInsideATermSubmitsNothing() {
        assertEquals("f0:3: syntax error", error("CPU 0 STATUS 0\nRIP 0x10:\n").getMessage());
        assertEquals(0, submitted.size());
    }
}
