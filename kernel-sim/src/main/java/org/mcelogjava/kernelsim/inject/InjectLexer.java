package org.mcelogjava.kernelsim.inject;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * mce.lex: the scanner. All sources form one token stream (flex's {@code yywrap} chain); the file
 * name in messages switches when the next source is opened, the line counter does not reset.
 * Rules, longest match first: {@code #} starts a comment up to the end of the line; {@code \n}
 * counts a line; {@code 0x[0-9a-fA-F]+ | 0[0-7]+ | [0-9]+} is a NUMBER converted with
 * {@code strtoull(text, NULL, 0)}; {@code [:{}<>]} punctuation; identifiers are keywords
 * (case-insensitive) or SYMBOL; blanks and tabs are skipped; any other byte is fatal.
 *
 * <p>Deliberately stricter than mce.lex about numbers, which it converts silently into values the
 * user did not mean: a number glued to letters ({@code 1e3}, {@code 0Xab}, {@code 0x}), an octal
 * number with an 8 or 9 ({@code 08}, which strtoull reads as 0) and a number above 2^64-1 (which
 * strtoull clamps) are each a "bad number" error naming the text and the rule. And lines are
 * counted as an editor counts them: mce.lex's comment rule {@code #.*\n} swallows its newline
 * uncounted, so every comment line above an error shifted the reported line, and a comment on a
 * last line without a newline was "Unrecognized character '#'"; here a comment ends at its newline
 * (which counts) or at the end of the file. Every token carries the file and line it was read
 * from, so an error can name where its term was written.
 */
public final class InjectLexer {

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** mce.lex's keyword table: every word of the language, upper case, and its token. */
    private static final Map<String, TokenType> KEYWORDS = Arrays.stream(TokenType.values())
            .filter(t -> t.ordinal() >= TokenType.CPU.ordinal())
            .collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

    private final List<InjectSource> sources;
    private int source;
    private int pos;
    private int line = 1;

    public InjectLexer(List<InjectSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Every keyword of the language, upper case (they match case-insensitively). */
    public static Set<String> keywords() {
        return KEYWORDS.keySet();
    }

    /** The file currently being read ({@code filename}). */
    private String fileName() {
        return sources.isEmpty() ? "<stdin>" : sources.get(Math.min(source, sources.size() - 1)).name();
    }

    /** The next token; {@link TokenType#EOF} once every source is exhausted. */
    public Token next() throws InjectSyntaxException {
        while (true) {
            if (source >= sources.size()) {
                return token(TokenType.EOF, 0, "");
            }
            String s = sources.get(source).text();
            if (pos >= s.length()) {
                if (source + 1 >= sources.size()) {
                    return token(TokenType.EOF, 0, "");
                }
                source++;
                pos = 0;
                continue;
            }
            char c = s.charAt(pos);
            if (c == '#') {
                int nl = s.indexOf('\n', pos);
                pos = nl < 0 ? s.length() : nl;
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
                case ':': pos++; return token(TokenType.COLON, 0, ":");
                case '{': pos++; return token(TokenType.LBRACE, 0, "{");
                case '}': pos++; return token(TokenType.RBRACE, 0, "}");
                case '<': pos++; return token(TokenType.LT, 0, "<");
                case '>': pos++; return token(TokenType.GT, 0, ">");
                default: break;
            }
            if (c == '_' || Character.isLetter(c) && c < 0x80) {
                int start = pos;
                while (pos < s.length() && isIdentChar(s.charAt(pos))) {
                    pos++;
                }
                String word = s.substring(start, pos);
                return token(keyword(word), 0, word);
            }
            throw error("Unrecognized character " + shown(c) + (c == '\r'
                    ? " (a Windows line end: convert the file with dos2unix)"
                    : " (the input is keywords, numbers, : { } < > and # comments)"));
        }
    }

    /** A character as an error shows it: {@code ','}, or escaped if it does not print ({@code '\x00'}). */
    private static String shown(char c) {
        if (c == '\r') {
            return "'\\r'";
        }
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("'\\x%02x'", (int) c);
    }

    private static boolean isIdentChar(char c) {
        return c == '_' || c < 0x80 && Character.isLetterOrDigit(c);
    }

    private Token token(TokenType type, long value, String text) {
        return new Token(type, value, text, fileName(), line);
    }

    /**
     * A NUMBER: {@code 0x[0-9a-fA-F]+ | 0[0-7]+ | [0-9]+}, converted as strtoull(text, NULL, 0) would
     * convert it; the text strtoull would misread is refused (see the class comment).
     */
    private Token number(String s) throws InjectSyntaxException {
        int start = pos;
        boolean hex = s.startsWith("0x", pos) && pos + 2 < s.length() && isHex(s.charAt(pos + 2));
        int end = hex ? pos + 2 : pos;
        while (end < s.length() && (hex ? isHex(s.charAt(end)) : s.charAt(end) >= '0' && s.charAt(end) <= '9')) {
            end++;
        }
        if (end < s.length() && isIdentChar(s.charAt(end))) {
            while (end < s.length() && isIdentChar(s.charAt(end))) {
                end++;
            }
            throw badNumber(s.substring(start, end), s.startsWith("0X", start)
                    ? "hexadecimal needs a lower-case 0x" : "a number is 123, 0x7b (hexadecimal) or 0173 (octal)");
        }
        pos = end;
        String text = s.substring(start, end);
        boolean octal = !hex && text.length() > 1 && text.charAt(0) == '0';
        if (octal && !text.matches("0[0-7]+")) {
            throw badNumber(text, "a leading 0 means octal, whose digits are 0-7");
        }
        BigInteger v = new BigInteger(hex ? text.substring(2) : text, hex ? 16 : octal ? 8 : 10);
        if (v.compareTo(U64_MAX) > 0) {
            throw badNumber(text, "larger than 64 bits (the largest is 0xffffffffffffffff)");
        }
        return token(TokenType.NUMBER, v.longValue(), text);
    }

    private InjectSyntaxException badNumber(String text, String rule) {
        return error("bad number '" + text + "': " + rule);
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static TokenType keyword(String word) {
        return KEYWORDS.getOrDefault(word.toUpperCase(Locale.ROOT), TokenType.SYMBOL);
    }

    private InjectSyntaxException error(String msg) {
        return new InjectSyntaxException(fileName(), line, msg);
    }
}
