package org.mcelogjava.kernelsim.sysfs;

import java.nio.charset.StandardCharsets;
import org.mcelogjava.kernelsim.dev.ErrnoException;

/**
 * One sysfs or debugfs file: its permission bits and the {@code show} / {@code store} methods of
 * its {@code struct device_attribute} (either may be absent, as for the write-only
 * {@code soft_offline_page}).
 *
 * @param mode  permission bits, e.g. 0644
 * @param show  produces the file's contents, or null if the file cannot be read
 * @param store parses a write, or null if the file cannot be written
 */
public record Attribute(int mode, Show show, Store store) {

    public Attribute {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode must be within 07777: " + Integer.toOctalString(mode));
        }
        if (show == null && store == null) {
            throw new IllegalArgumentException("an attribute needs a show or a store method");
        }
    }

    /** A read-write attribute with the usual 0644 mode. */
    public static Attribute readWrite(Show show, Store store) {
        return new Attribute(0644, show, store);
    }

    /** A file's {@code show}: the whole contents as {@code read(2)} returns them. */
    @FunctionalInterface
    public interface Show {
        byte[] show() throws ErrnoException;

        /** A show method returning text (ASCII/UTF-8). */
        static Show text(TextShow text) {
            return () -> text.show().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Text form of {@link Show}. */
    @FunctionalInterface
    public interface TextShow {
        String show() throws ErrnoException;
    }

    /** A file's {@code store}: returns the count the kernel's store returns. */
    @FunctionalInterface
    public interface Store {
        int store(byte[] value, boolean capSysAdmin) throws ErrnoException;
    }
}
