package org.mcelogjava.daemon.config;

import java.nio.file.Path;

/** mcelog.conf is invalid; the message names the file, the line and the key. */
public final class ConfigException extends Exception {

    public ConfigException(Path file, int line, String message) {
        super(file + ":" + line + ": " + message);
    }

    public ConfigException(Path file, String message) {
        super(file + ": " + message);
    }
}
