package org.mcelogjava.kernelsim.inject;

import org.mcelogjava.protocol.mce.Mce;

/**
 * mce.y as a hand-written LALR-equivalent parser. It reads exactly the lookahead tokens bison
 * reads, so errors carry the same line, and it submits a record at the moment bison reduces
 * {@code input: input mce_start mce}: when the token after a complete term cannot extend the
 * record ({@code CPU}, {@code MCE}, end of input, or an invalid token, which then gives
 * "syntax error"). A record that has no complete term yet, or an error inside a term, is never
 * submitted.
 */
public final class InjectParser {

    /** Receives each record as it is reduced; may reject it with a located error. */
    @FunctionalInterface
    public interface Sink {
        void submit(InjectRecord record) throws InjectSyntaxException;
    }

    private static final long ADDRV = 1L << 58;
    private static final long MISCV = 1L << 59;

    private final InjectLexer lexer;
    private Token lookahead;
    private Mce.Builder m;
    private int flags;

    public InjectParser(InjectLexer lexer) {
        this.lexer = lexer;
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
                throw syntaxError();
            }
            do {
                parseTerm();
            } while (isTermStart(peek().type()));
            sink.submit(new InjectRecord(m.build(), flags));
            TokenType next = peek().type();
            if (next != TokenType.CPU && next != TokenType.MCE && next != TokenType.EOF) {
                throw syntaxError();
            }
        }
    }

    /** The file:line an error at the current position would carry. */
    public InjectSyntaxException errorHere(String message) {
        return new InjectSyntaxException(lexer.fileName(), lexer.line(), message);
    }

    private void parseStart() throws InjectSyntaxException {
        Token t = take();
        m = Mce.builder();
        flags = 0;
        if (t.type() == TokenType.MCE) {
            return;
        }
        if (t.type() != TokenType.CPU) {
            throw syntaxError();
        }
        long cpu = expect(TokenType.NUMBER).value();
        TokenType next = peek().type();
        if (next == TokenType.NUMBER) {
            m.cpu((int) (cpu & 0xff)).extcpu(cpu & 0xffff_ffffL).bank((int) (take().value() & 0xff));
        } else if (next == TokenType.COLON) {
            take();
            expect(TokenType.MACHINE);
            expect(TokenType.CHECK);
            expect(TokenType.EXCEPTION);
            expect(TokenType.COLON);
            long mcg = expect(TokenType.NUMBER).value();
            expect(TokenType.BANK);
            long bank = expect(TokenType.NUMBER).value();
            expect(TokenType.COLON);
            long status = expect(TokenType.NUMBER).value();
            m.cpu((int) (cpu & 0xff)).mcgstatus(mcg).bank((int) (bank & 0xff)).status(status);
        } else {
            m.cpu((int) (cpu & 0xff)).extcpu(cpu & 0xffff_ffffL);
        }
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
            case BANK -> m.bank((int) (expect(TokenType.NUMBER).value() & 0xff));
            case TSC -> m.tsc(expect(TokenType.NUMBER).value());
            case TIME -> m.time(expect(TokenType.NUMBER).value());
            case SOCKETID -> m.socketid(expect(TokenType.NUMBER).value() & 0xffff_ffffL);
            case APICID -> m.apicid(expect(TokenType.NUMBER).value() & 0xffff_ffffL);
            case MCGCAP -> m.mcgcap(expect(TokenType.NUMBER).value());
            case RIP -> parseRip();
            case ADDR -> m.addr(expect(TokenType.NUMBER).value()).status(cur.status() | ADDRV);
            case MISC -> m.misc(expect(TokenType.NUMBER).value()).status(cur.status() | MISCV);
            case PROCESSOR -> {
                long vendor = expect(TokenType.NUMBER).value();
                expect(TokenType.COLON);
                long id = expect(TokenType.NUMBER).value();
                m.cpuvendor((int) (vendor & 0xff)).cpuid(id & 0xffff_ffffL);
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
    private void parseRip() throws InjectSyntaxException {
        long first = expect(TokenType.NUMBER).value();
        if (peek().type() != TokenType.COLON) {
            m.ip(first);
            return;
        }
        take();
        Token t = take();
        if (t.type() == TokenType.NUMBER) {
            m.ip(t.value()).cs((int) (first & 0xff));
            return;
        }
        if (t.type() != TokenType.LT) {
            throw syntaxError();
        }
        long ip = expect(TokenType.NUMBER).value();
        expect(TokenType.GT);
        expect(TokenType.LBRACE);
        expect(TokenType.SYMBOL);
        expect(TokenType.RBRACE);
        m.ip(ip).cs((int) (first & 0xff));
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

    private Token expect(TokenType type) throws InjectSyntaxException {
        if (peek().type() != type) {
            throw syntaxError();
        }
        return take();
    }

    private InjectSyntaxException syntaxError() {
        return errorHere("syntax error");
    }
}
