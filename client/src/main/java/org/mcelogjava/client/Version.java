package org.mcelogjava.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * mcelog-java's version, as the build stamped it, and the mcelog release whose command line, output
 * and files it follows. One place for what every tool's {@code --version} prints and what a device
 * client names itself in its HELLO.
 */
public final class Version {

    /** The mcelog release mcelog-java is compatible with. */
    public static final String MCELOG_COMPATIBLE = "v208";
    /** mcelog-java's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static final String MCELOG_JAVA = load();

    private Version() {
    }

    /**
     * What {@code PROGRAM --version} prints: the program, the project and its version, then the
     * mcelog release it is compatible with, e.g. {@code mce-sim (mcelog-java) 0.1.0-SNAPSHOT}.
     */
    public static String banner(String program) {
        return program + " (mcelog-java) " + MCELOG_JAVA + "\ncompatible with mcelog " + MCELOG_COMPATIBLE + "\n";
    }

    /** How a device client names itself in HELLO, e.g. {@code mce-inject/0.1.0-SNAPSHOT}. */
    public static String identity(String program) {
        return program + "/" + MCELOG_JAVA;
    }

    private static String load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the mcelog-client jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties from the mcelog-client jar", e);
        }
        return p.getProperty("version");
    }
}
