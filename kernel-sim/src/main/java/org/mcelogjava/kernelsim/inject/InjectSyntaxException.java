package org.mcelogjava.kernelsim.inject;

/**
 * A fatal error of the mce-inject front end, reported as mce-inject's {@code yyerror} does:
 * {@code file:line: message}. Raised for lexical errors, syntax errors and record validation.
 */
public final class InjectSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String detail;

    public InjectSyntaxException(String file, int line, String detail) {
        super(file + ":" + line + ": " + detail);
        this.file = file;
        this.line = line;
        this.detail = detail;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The message without the location. */
    public String detail() {
        return detail;
    }
}
