package org.mcelogjava.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The records the end-to-end tests store in a device and look for in the daemon's log: a corrected
 * Skylake-SP memory-controller read error whose ADDR carries a tag ({@code tag << 12}), as
 * {@link LogReconciler} reads it back.
 */
public final class TaggedRecords {

    private TaggedRecords() {
    }

    /** The record tagged {@code tag}. */
    public static Mce record(long tag) {
        return Mce.builder().status(0x8c00004000010091L).misc(0x8c).addr(tag << 12).time(1_700_000_000L)
                .cpuid(0x50654).bank(7).extcpu(1).mcgcap(0x0f000c14L).finished(1).build();
    }

    /** Records in a log file (lines starting "Hardware event."), or -1 while it cannot be read. */
    static long count(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.startsWith("Hardware event.")).count() : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
