package org.mcelogjava.kernelsim.inject;

/**
 * One lexed token and where it was read.
 *
 * @param type  its kind
 * @param value NUMBER's value (as strtoull converts it) or 0
 * @param text  the matched text ("" at end of input)
 * @param file  the file it was read from
 * @param line  the line it was read on (yylineno)
 */
public record Token(TokenType type, long value, String text, String file, int line) {

    /** The token as an error names it: {@code 'BNK'}, or {@code end of input}. */
    public String quoted() {
        return type == TokenType.EOF ? "end of input" : "'" + text + "'";
    }
}
