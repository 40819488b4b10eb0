package org.mcelogjava.kernelsim.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The mce-inject language's edge cases (spec mce-inject.md §1.2–1.7), and its errors: each names
 * the file, the line, the token and the rule or limit.
 */
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
        assertEquals("f0:1: syntax error at 'RIPV': an MCGSTATUS bit, which belongs in the list after MCGSTATUS",
                e.getMessage());
        assertEquals(1, submitted.size());
        assertEquals(0, submitted.get(0).mce().status());
    }

    @Test
    void leadingZeroMeansOctalAndAnEightOrNineThereIsABadNumber() throws Exception {
        assertEquals(0755, only("CPU 0 STATUS 0755").status());
        // strtoull would read 08 as 0: refused instead (a deliberate difference from mce.lex)
        assertEquals("f0:2: bad number '08': a leading 0 means octal, whose digits are 0-7",
                error("CPU 0\nBANK 08 STATUS 0").getMessage());
    }

    private Mce only2(String text) throws InjectSyntaxException {
        submitted.clear();
        return only(text);
    }

    @Test
    void aBankWiderThanItsEightBitFieldIsAnErrorAtItsOwnLine() throws Exception {
        // mce-inject truncates 300 to 44; the error names the term, its line and the field's range
        assertEquals("f0:2: BANK 300: out of range (the bank number is 8 bits: 0-255)",
                error("CPU 0 STATUS 0\nBANK 300\nCPU 1 STATUS 0\n").getMessage());
        assertEquals("f0:1: CPU 0 256: out of range (the bank number is 8 bits: 0-255)",
                error("CPU 0 256 STATUS 0").getMessage());
        assertEquals(255, only2("CPU 0 BANK 255 STATUS 0").bank());
    }

    @Test
    void aCpuOrBankBeyondTheMachineNamesTheMachinesRange() {
        InjectLimits machine = InjectLimits.machine(4, 19);
        InjectSyntaxException bank = assertThrows(InjectSyntaxException.class, () -> new InjectParser(
                new InjectLexer(List.of(new InjectSource("errors.inject", "# a first error\nCPU 0\n\tBANK 400\n"
                        + "  STATUS CORRECTED\n"))), machine).parse(submitted::add));
        assertEquals("errors.inject:3: BANK 400: no such bank (this CPU has banks 0-19)", bank.getMessage());
        InjectSyntaxException cpu = assertThrows(InjectSyntaxException.class, () -> new InjectParser(
                new InjectLexer(List.of(new InjectSource("e", "CPU 1 STATUS 0\ncpu 4 STATUS 0\n"))), machine)
                .parse(submitted::add));
        assertEquals("e:2: cpu 4: not online (this machine has CPUs 0-3)", cpu.getMessage());
        assertEquals(1, submitted.size(), "the record before the error was submitted");
    }

    @Test
    void valuesWiderThanTheirFieldsAreErrors() {
        assertEquals("f0:1: SOCKETID 0x100000000: out of range (socketid is 32 bits: 0-0xffffffff)",
                error("CPU 0 SOCKETID 0x100000000").getMessage());
        assertEquals("f0:1: APICID 4294967296: out of range (apicid is 32 bits: 0-0xffffffff)",
                error("CPU 0 APICID 4294967296").getMessage());
        assertEquals("f0:1: RIP 0x100: out of range (cs is 8 bits: 0-0xff)",
                error("CPU 0 RIP 0x100:0x400000").getMessage());
        assertEquals("f0:1: PROCESSOR 256: out of range (cpuvendor is 8 bits: 0-0xff)",
                error("CPU 0 PROCESSOR 256:0x50654").getMessage());
        assertEquals("f0:1: CPU 4294967296: out of range (the CPU number is 32 bits: 0-4294967295)",
                error("CPU 4294967296 STATUS 0").getMessage());
        assertEquals("f0:1: CPU 256: out of range (cpu is 8 bits: 0-0xff)",
                error("CPU 256: Machine Check Exception: 5 Bank 4: 0xb200000000000000 RIP 1").getMessage());
        assertEquals(0, submitted.size());
    }

    @Test
    void anUnknownKeywordIsNamed() {
        assertEquals("f0:2: syntax error at 'BNAK': unknown keyword", error("CPU 0 STATUS 0\nBNAK 3\n").getMessage());
        assertEquals("f0:1: syntax error at 'CPUS': unknown keyword", error("CPUS 0 STATUS 0").getMessage());
    }

    @Test
    void aMissingArgumentNamesTheKeywordAndWhatCameInstead() {
        assertEquals("f0:1: syntax error at 'STATUS': BANK needs a number", error("CPU 0 BANK STATUS 0").getMessage());
        assertEquals("f0:2: syntax error at end of input: ADDR needs a number", error("CPU 0 ADDR\n").getMessage());
        assertEquals("f0:1: syntax error at 'STATUS': CPU needs a number", error("CPU STATUS 0").getMessage());
        assertEquals("f0:1: syntax error at '0x1000': PROCESSOR needs VENDOR:CPUID",
                error("CPU 0 PROCESSOR 0 0x1000").getMessage());
    }

    @Test
    void aBadNumberNamesItsTextAndTheRule() {
        assertEquals("f0:1: bad number '1e3': a number is 123, 0x7b (hexadecimal) or 0173 (octal)",
                error("CPU 0 ADDR 1e3").getMessage());
        assertEquals("f0:1: bad number '0x': a number is 123, 0x7b (hexadecimal) or 0173 (octal)",
                error("CPU 0 ADDR 0x STATUS 0").getMessage());
        assertEquals("f0:1: bad number '99999999999999999999999': larger than 64 bits (the largest is "
                + "0xffffffffffffffff)", error("CPU 0 ADDR 99999999999999999999999").getMessage());
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
        assertEquals("f0:1: syntax error at end of input: a record needs at least one term "
                + "(STATUS, MCGSTATUS, BANK, ADDR, MISC, RIP, ...)", error("CPU 0").getMessage());
        assertEquals(0, submitted.size());
    }

    @Test
    void unknownCharacterIsFatalBeforeTheRecordIsReduced() {
        InjectSyntaxException e = error("CPU 0 STATUS CORRECTED\r\n");
        assertEquals("f0:1: Unrecognized character '\\r' (a Windows line end: convert the file with dos2unix)",
                e.getMessage());
        assertEquals("f0:1: Unrecognized character ',' (the input is keywords, numbers, : { } < > and # comments)",
                error("CPU 0 STATUS VAL, UC").getMessage());
        assertEquals("f0:1: Unrecognized character '\\x00' (the input is keywords, numbers, : { } < > and # "
                + "comments)", error("CPU 0\0").getMessage());
        assertEquals(0, submitted.size());
    }

    @Test
    void linesAreCountedAsAnEditorCountsThemAndAFinalCommentNeedsNoNewline() throws Exception {
        // mce.lex does not count a comment's newline (this error would be on "line 2")
        InjectSyntaxException e = error("# one\n# two\nCPU 0 STATUS 0\nBANK x\n");
        assertEquals("f0:4: syntax error at 'x': BANK needs a number", e.getMessage());
        assertEquals(0x9000000000000000L, only2("CPU 0 STATUS CORRECTED # no newline").status());
    }

    @Test
    void hexNeedsLowerCaseXAndSixtyFourBitsAreTheLimit() throws Exception {
        assertEquals("f0:1: bad number '0Xab': hexadecimal needs a lower-case 0x",
                error("CPU 0 STATUS 0Xab").getMessage());
        assertEquals(-1L, only2("CPU 0 ADDR 0xffffffffffffffff").addr());
        assertEquals(-1L, only2("CPU 0 ADDR 18446744073709551615").addr());
    }

    @Test
    void recordsMaySpanFilesAndLinesKeepCounting() throws Exception {
        List<InjectRecord> r = parse("CPU 1\n", "STATUS CORRECTED\nCPU 2 STATUS 0\n");
        assertEquals(2, r.size());
        assertEquals(1, r.get(0).mce().extcpu());
        InjectSyntaxException e = assertThrows(InjectSyntaxException.class,
                () -> new InjectParser(new InjectLexer(List.of(new InjectSource("a", "CPU 1\n"),
                        new InjectSource("b", "STATUS RIPV\n")))).parse(x -> { }));
        assertEquals("b:2: syntax error at 'RIPV': an MCGSTATUS bit, which belongs in the list after MCGSTATUS",
                e.getMessage());
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
        assertEquals("f0:1: syntax error at 'broadcast': CPU needs a number",
                error("CPU broadcast STATUS 0").getMessage());
    }

    @Test
    void errorInsideATermSubmitsNothing() {
        assertEquals("f0:3: syntax error at end of input: RIP needs IP, CS:IP or CS:<IP> {SYMBOL}",
                error("CPU 0 STATUS 0\nRIP 0x10:\n").getMessage());
        assertEquals(0, submitted.size());
    }
}
