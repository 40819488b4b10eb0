package org.mcelogjava.kernelsim.inject;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/**
 * mce.lex: the scanner. All sources form one token stream (flex's {@code yywrap} chain); the file
 * name in messages switches when the next source is opened, the line counter does not reset.
 * Rules, longest match first: {@code #.*\n} is a comment whose newline is not counted; {@code \n}
 * counts a line; {@code 0x[0-9a-fA-F]+ | 0[0-7]+ | [0-9]+} is a NUMBER converted with
 * {@code strtoull(text, NULL, 0)}; {@code [:{}<>]} punctuation; identifiers are keywords
 * (case-insensitive) or SYMBOL; blanks and tabs are skipped; any other byte is fatal.
 */
public final class InjectLexer {

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final List<InjectSource> sources;
    private int source;
    private int pos;
    private int line = 1;

    public InjectLexer(List<InjectSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** yylineno. */
    public int line() {
        return line;
    }

    /** The file currently being read ({@code filename}). */
    public String fileName() {
        return sources.isEmpty() ? "<stdin>" : sources.get(Math.min(source, sources.size() - 1)).name();
    }

    /** The next token; {@link TokenType#EOF} once every source is exhausted. */
    public Token next() throws InjectSyntaxException {
        while (true) {
            if (source >= sources.size()) {
                return new Token(TokenType.EOF, 0, "");
            }
            String s = sources.get(source).text();
            if (pos >= s.length()) {
                if (source + 1 >= sources.size()) {
                    return new Token(TokenType.EOF, 0, "");
                }
                source++;
                pos = 0;
                continue;
            }
            char c = s.charAt(pos);
            if (c == '#') {
                int nl = s.indexOf('\n', pos);
                if (nl < 0) {
                    throw error("Unrecognized character '#'");
                }
                pos = nl + 1;
                continue;
            }
            if (c == '\n') {
                line++;
                pos++;
                continue;
            }
            if (c == ' ' || c == '\t') {
                pos++;
                continue;
            }
            if (c >= '0' && c <= '9') {
                return number(s);
            }
            switch (c) {
                case ':': pos++; return new Token(TokenType.COLON, 0, ":");
                case '{': pos++; return new Token(TokenType.LBRACE, 0, "{");
                case '}': pos++; return new Token(TokenType.RBRACE, 0, "}");
                case '<': pos++; return new Token(TokenType.LT, 0, "<");
                case '>': pos++; return new Token(TokenType.GT, 0, ">");
                default: break;
            }
            if (c == '_' || Character.isLetter(c) && c < 0x80) {
                int start = pos;
                while (pos < s.length() && isIdentChar(s.charAt(pos))) {
                    pos++;
                }
                String word = s.substring(start, pos);
                return new Token(keyword(word), 0, word);
            }
            throw error("Unrecognized character '" + c + "'");
        }
    }

    private static boolean isIdentChar(char c) {
        return c == '_' || c < 0x80 && Character.isLetterOrDigit(c);
    }

    private Token number(String s) {
        int start = pos;
        int end;
        if (s.startsWith("0x", pos) && pos + 2 < s.length() && isHex(s.charAt(pos + 2))) {
            end = pos + 2;
            while (end < s.length() && isHex(s.charAt(end))) {
                end++;
            }
        } else {
            end = pos;
            while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
                end++;
            }
        }
        pos = end;
        String text = s.substring(start, end);
        return new Token(TokenType.NUMBER, strtoull(text), text);
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** C {@code strtoull(text, NULL, 0)}: 0x → hex, leading 0 → octal (stops at 8/9), clamps on overflow. */
    static long strtoull(String text) {
        String digits;
        int radix;
        if (text.startsWith("0x")) {
            digits = text.substring(2);
            radix = 16;
        } else if (text.startsWith("0")) {
            int end = 1;
            while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
                end++;
            }
            digits = end == 1 ? "0" : text.substring(1, end);
            radix = 8;
        } else {
            digits = text;
            radix = 10;
        }
        BigInteger v = new BigInteger(digits, radix);
        return (v.compareTo(U64_MAX) > 0 ? U64_MAX : v).longValue();
    }

    private static TokenType keyword(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        for (TokenType t : TokenType.values()) {
            if (t.ordinal() >= TokenType.CPU.ordinal() && t.name().equals(upper)) {
                return t;
            }
        }
        return TokenType.SYMBOL;
    }

    private InjectSyntaxException error(String msg) {
        return new InjectSyntaxException(fileName(), line, msg);
    }
}
