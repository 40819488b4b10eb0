package org.mcelogjava.kernelsim.inject;

/**
 * One lexed token.
 *
 * @param type  its kind
 * @param value NUMBER's value (strtoull result) or 0
 * @param text  the matched text
 */
public record Token(TokenType type, long value, String text) {
}
