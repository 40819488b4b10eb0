package org.mcelogjava.daemon.device;

/** mcelog's line for a device it cannot open, worded once for every place that says it. */
public final class CannotOpen {

    private CannotOpen() {
    }

    /** {@code Cannot open `PATH': REASON}, as mcelog says it (without the program's name). */
    public static String line(Object path, String reason) {
        return "Cannot open `" + path + "': " + reason;
    }
}
