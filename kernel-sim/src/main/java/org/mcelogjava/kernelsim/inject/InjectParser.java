package org.mcelogjava.kernelsim.inject;

import java.util.Locale;
import org.mcelogjava.protocol.mce.Mce;

/**
 * mce.y as a hand-written LALR-equivalent parser. It reads exactly the lookahead tokens bison
 * reads, so errors carry the same line, and it submits a record at the moment bison reduces
 * {@code input: input mce_start mce}: when the token after a complete term cannot extend the
 * record ({@code CPU}, {@code MCE}, end of input, or an invalid token, which then gives
 * "syntax error"). A record that has no complete term yet, or an error inside a term, is never
 * submitted.
 *
 * <p>Where it deliberately differs from mce.y, to make every error name its line, its token and
 * the rule: a syntax error says which token it met and what was expected ({@code syntax error at
 * 'BNK': unknown keyword}; bison says only {@code syntax error}); and a CPU, bank or other number
 * too large for its field or for the machine ({@link InjectLimits}) is an error at the term that
 * wrote it ({@code BANK 400: no such bank (this CPU has banks 0-19)}), where mce-inject truncates
 * the bank to 8 bits (400 becomes 144) and checks CPU and bank only when the record is reduced,
 * naming the line of the token after it. Exit status and the moment records are submitted are
 * unchanged.
 */
public final class InjectParser {

    /** Receives each record as it is reduced. */
    @FunctionalInterface
    public interface Sink {
        void submit(InjectRecord record);
    }

    private static final long ADDRV = 1L << 58;
    private static final long MISCV = 1L << 59;

    private static final String TERMS = "STATUS, MCGSTATUS, BANK, ADDR, MISC, RIP, ...";
    private static final String PANIC_FORM = "the panic-line form is CPU n: MACHINE CHECK EXCEPTION: "
            + "MCGSTATUS BANK n: STATUS";

    private final InjectLexer lexer;
    private final InjectLimits limits;
    private Token lookahead;
    private Mce.Builder m;
    private int flags;

    /** A parser for {@code --dump}: numbers are checked against struct mce's field widths only. */
    public InjectParser(InjectLexer lexer) {
        this(lexer, InjectLimits.FIELD_WIDTHS);
    }

    /** A parser checking CPU and bank numbers against {@code limits}. */
    public InjectParser(InjectLexer lexer, InjectLimits limits) {
        this.lexer = lexer;
        this.limits = limits;
    }

    /** {@code yyparse()}: parses to the end, submitting records; throws on the first error. */
    public void parse(Sink sink) throws InjectSyntaxException {
        while (true) {
            Token t = peek();
            if (t.type() == TokenType.EOF) {
                return;
            }
            parseStart();
            if (!isTermStart(peek().type())) {
                throw unexpected(peek(), "a record needs at least one term (" + TERMS + ")");
            }
            do {
                parseTerm();
            } while (isTermStart(peek().type()));
            sink.submit(new InjectRecord(m.build(), flags));
            TokenType next = peek().type();
            if (next != TokenType.CPU && next != TokenType.MCE && next != TokenType.EOF) {
                throw unexpected(peek(), "expected a term (" + TERMS + ") or a new record (CPU n, MCE)");
            }
        }
    }

    private void parseStart() throws InjectSyntaxException {
        Token t = take();
        m = Mce.builder();
        flags = 0;
        if (t.type() == TokenType.MCE) {
            return;
        }
        if (t.type() != TokenType.CPU) {
            throw unexpected(t, "a record starts with CPU n or MCE");
        }
        Token cpu = expect(TokenType.NUMBER, "CPU needs a number");
        TokenType next = peek().type();
        if (next == TokenType.COLON) {
            parsePanicLine(t, cpu);
            return;
        }
        check(t, cpu, limits.checkCpu(cpu.value()));
        m.cpu((int) (cpu.value() & 0xff)).extcpu(cpu.value());
        if (next == TokenType.NUMBER) {
            Token bank = take();
            check(t, t.text() + " " + cpu.text() + " " + bank.text(), limits.checkBank(bank.value()));
            m.bank((int) bank.value());
        }
    }

    /** {@code CPU n: Machine Check Exception: g Bank b: s}, which sets cpu but not extcpu. */
    private void parsePanicLine(Token cpuKeyword, Token cpu) throws InjectSyntaxException {
        take();
        expect(TokenType.MACHINE, PANIC_FORM);
        expect(TokenType.CHECK, PANIC_FORM);
        expect(TokenType.EXCEPTION, PANIC_FORM);
        expect(TokenType.COLON, PANIC_FORM);
        long mcg = expect(TokenType.NUMBER, PANIC_FORM).value();
        Token bankKeyword = expect(TokenType.BANK, PANIC_FORM);
        Token bank = expect(TokenType.NUMBER, PANIC_FORM);
        expect(TokenType.COLON, PANIC_FORM);
        long status = expect(TokenType.NUMBER, PANIC_FORM).value();
        check(cpuKeyword, cpu, width(cpu.value(), 8, "cpu"));
        check(bankKeyword, bank, limits.checkBank(bank.value()));
        m.cpu((int) cpu.value()).mcgstatus(mcg).bank((int) bank.value()).status(status);
    }

    private static boolean isTermStart(TokenType t) {
        return switch (t) {
            case STATUS, MCGSTATUS, BANK, TSC, TIME, SOCKETID, APICID, MCGCAP, RIP, ADDR, MISC, PROCESSOR,
                 HOLD, NOBROADCAST, IRQBROADCAST, NMIBROADCAST, IN_IRQ, IN_PROC, POLL, EXCP -> true;
            default -> false;
        };
    }

    private void parseTerm() throws InjectSyntaxException {
        Token t = take();
        Mce cur = m.build();
        switch (t.type()) {
            case STATUS -> {
                long v = 0;
                while (true) {
                    Token n = peek();
                    long bits = n.type() == TokenType.NUMBER ? n.value() : n.type().statusValue();
                    if (bits == -1 && n.type() != TokenType.NUMBER) {
                        break;
                    }
                    take();
                    v |= bits;
                }
                m.status(v);
            }
            case MCGSTATUS -> {
                long v = 0;
                while (true) {
                    Token n = peek();
                    long bits = n.type() == TokenType.NUMBER ? n.value() : n.type().mcgValue();
                    if (bits == -1 && n.type() != TokenType.NUMBER) {
                        break;
                    }
                    take();
                    v |= bits;
                }
                m.mcgstatus(v);
            }
            case BANK -> {
                Token bank = number(t);
                check(t, bank, limits.checkBank(bank.value()));
                m.bank((int) bank.value());
            }
            case TSC -> m.tsc(number(t).value());
            case TIME -> m.time(number(t).value());
            case SOCKETID -> m.socketid(u32(t, number(t), "socketid"));
            case APICID -> m.apicid(u32(t, number(t), "apicid"));
            case MCGCAP -> m.mcgcap(number(t).value());
            case RIP -> parseRip(t);
            case ADDR -> m.addr(number(t).value()).status(cur.status() | ADDRV);
            case MISC -> m.misc(number(t).value()).status(cur.status() | MISCV);
            case PROCESSOR -> {
                String need = "PROCESSOR needs VENDOR:CPUID";
                Token vendor = expect(TokenType.NUMBER, need);
                expect(TokenType.COLON, need);
                Token id = expect(TokenType.NUMBER, need);
                check(t, vendor, width(vendor.value(), 8, "cpuvendor"));
                m.cpuvendor((int) vendor.value()).cpuid(u32(t, id, "cpuid"));
            }
            case HOLD -> flags |= InjectRecord.HOLD;
            case NOBROADCAST -> flags |= InjectRecord.NOBROADCAST;
            case IRQBROADCAST -> flags |= InjectRecord.IRQBROADCAST;
            case NMIBROADCAST -> flags |= InjectRecord.NMIBROADCAST;
            case IN_IRQ -> m.injectFlags((cur.injectFlags() & ~InjectFlags.CTX_MASK) | InjectFlags.CTX_IRQ);
            case IN_PROC -> m.injectFlags((cur.injectFlags() & ~InjectFlags.CTX_MASK) | InjectFlags.CTX_PROCESS);
            case POLL -> {
                flags |= InjectRecord.RAISE_MODE;
                m.injectFlags(cur.injectFlags() & ~InjectFlags.EXCEPTION);
            }
            case EXCP -> {
                flags |= InjectRecord.RAISE_MODE;
                m.injectFlags(cur.injectFlags() | InjectFlags.EXCEPTION);
            }
            default -> throw new IllegalStateException("not a term start: " + t);
        }
    }

    /** {@code RIP n | RIP cs:ip | RIP cs:<ip> {sym}}. */
    private void parseRip(Token keyword) throws InjectSyntaxException {
        String need = "RIP needs IP, CS:IP or CS:<IP> {SYMBOL}";
        Token first = expect(TokenType.NUMBER, need);
        if (peek().type() != TokenType.COLON) {
            m.ip(first.value());
            return;
        }
        take();
        check(keyword, first, width(first.value(), 8, "cs"));
        Token t = take();
        if (t.type() == TokenType.NUMBER) {
            m.ip(t.value()).cs((int) first.value());
            return;
        }
        if (t.type() != TokenType.LT) {
            throw syntaxError(t, need);
        }
        long ip = expect(TokenType.NUMBER, need).value();
        expect(TokenType.GT, need);
        expect(TokenType.LBRACE, need);
        expect(TokenType.SYMBOL, need);
        expect(TokenType.RBRACE, need);
        m.ip(ip).cs((int) first.value());
    }

    private Token peek() throws InjectSyntaxException {
        if (lookahead == null) {
            lookahead = lexer.next();
        }
        return lookahead;
    }

    private Token take() throws InjectSyntaxException {
        Token t = peek();
        lookahead = null;
        return t;
    }

    private Token expect(TokenType type, String need) throws InjectSyntaxException {
        if (peek().type() != type) {
            throw syntaxError(peek(), need);
        }
        return take();
    }

    /** The number a keyword needs. */
    private Token number(Token keyword) throws InjectSyntaxException {
        return expect(TokenType.NUMBER, keyword.text().toUpperCase(Locale.ROOT) + " needs a number");
    }

    private long u32(Token keyword, Token n, String field) throws InjectSyntaxException {
        check(keyword, n, width(n.value(), 32, field));
        return n.value();
    }

    /** Why {@code v} does not fit a field of {@code bits} bits, or null. */
    private static String width(long v, int bits, String field) {
        return Long.compareUnsigned(v, 1L << bits) < 0 ? null
                : "out of range (" + field + " is " + bits + " bits: 0-0x" + Long.toHexString((1L << bits) - 1) + ")";
    }

    /** Throws {@code KEYWORD NUMBER: reason} at the keyword's line if {@code reason} is not null. */
    private static void check(Token keyword, Token n, String reason) throws InjectSyntaxException {
        check(keyword, keyword.text() + " " + n.text(), reason);
    }

    private static void check(Token keyword, String term, String reason) throws InjectSyntaxException {
        if (reason != null) {
            throw new InjectSyntaxException(keyword.file(), keyword.line(), term + ": " + reason);
        }
    }

    /** A token where a keyword was expected: names an unknown word or a bit outside its list. */
    private static InjectSyntaxException unexpected(Token t, String expected) {
        if (t.type() == TokenType.SYMBOL) {
            return syntaxError(t, "unknown keyword");
        }
        if (t.type().statusValue() != -1) {
            return syntaxError(t, "a STATUS bit, which belongs in the list after STATUS");
        }
        if (t.type().mcgValue() != -1) {
            return syntaxError(t, "an MCGSTATUS bit, which belongs in the list after MCGSTATUS");
        }
        return syntaxError(t, expected);
    }

    private static InjectSyntaxException syntaxError(Token t, String why) {
        return new InjectSyntaxException(t.file(), t.line(), "syntax error at " + t.quoted() + ": " + why);
    }
}
