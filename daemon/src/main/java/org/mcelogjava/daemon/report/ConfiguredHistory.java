package org.mcelogjava.daemon.report;

import java.nio.file.Path;
import java.util.Optional;
import org.mcelogjava.daemon.config.ConfigException;

/**
 * Where the history is when {@code --database} does not say: the {@code [history] database} of
 * mcelog.conf, found and read as the daemon finds and reads it ({@code --config-file FILE}, else
 * mcelog's default file), so the commands read the database the daemon writes. The command line
 * module provides it; this package does not know how mcelog.conf is resolved.
 */
@FunctionalInterface
public interface ConfiguredHistory {

    /** The configuration file read, and the database it names (empty: it sets none). */
    record Located(Path configFile, Optional<Path> database) {
    }

    /**
     * @param configFile the value of {@code --config-file}; empty: the daemon's default file
     * @throws ConfigException the file is invalid, or was named and cannot be read (the message names it)
     */
    Located locate(Optional<String> configFile) throws ConfigException;
}
