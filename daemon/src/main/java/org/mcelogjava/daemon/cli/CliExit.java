package org.mcelogjava.daemon.cli;

/** Ends a command-line run with an exit status; whatever had to be printed has been printed. */
final class CliExit extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    CliExit(int status) {
        super(null, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
