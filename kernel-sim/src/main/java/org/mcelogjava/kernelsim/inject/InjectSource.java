package org.mcelogjava.kernelsim.inject;

/**
 * One input of mce-inject: a name for error messages and its bytes (read as ISO-8859-1 so that
 * every byte is one character, as flex sees it).
 *
 * @param name file name ({@code <stdin>} for standard input)
 * @param text contents
 */
public record InjectSource(String name, String text) {
}
