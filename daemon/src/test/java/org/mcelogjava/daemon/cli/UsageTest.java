package org.mcelogjava.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UsageTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int mcelog(String... args) {
        return new Mcelog(new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true, StandardCharsets.UTF_8),
                ZoneId.of("UTC"), Map.of()).run(args);
    }

    @Test
    void helpIsMcelogsTextThenOursWithExamplesAndExitsZero() {
        assertEquals(0, mcelog("--help"));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Usage:\n\n  mcelog [options]  [mcelogdevice]\n"), text);
        assertTrue(text.contains("\n--socket PATH       The kernel's /dev/mcelog"), text);
        assertTrue(text.contains("--logfile /tmp/mcelog.log \\\n         --pidfile /tmp/mcelog.pid"),
                "the example's line continuation is printed, not joined: " + text);
        assertTrue(text.contains("\nValid CPUs: generic "), text);
    }

    @Test
    void everyOptionTheHelpNamesIsOneTheCommandLineTakes() {
        mcelog("--help");
        Matcher m = Pattern.compile("(?<![\\w-])--([a-z][a-z0-9-]*)").matcher(err.toString(StandardCharsets.UTF_8));
        int seen = 0;
        while (m.find()) {
            String name = m.group(1);
            if (name.equals("duration")) {
                continue; // mcelog-demo's option, in its example
            }
            assertTrue(McelogOptions.TABLE.containsKey(name), "--" + name + " is in the help but not an option");
            seen++;
        }
        assertTrue(seen > 40, "options found: " + seen);
    }

    @Test
    void aPageCounterTableSizeMustBeAPositiveNumber() {
        assertEquals(1, mcelog("--max-corr-err-counters", "0", "--ascii"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Invalid max-corr-err-counters `0' (1..63000000)\n"),
                err.toString(StandardCharsets.UTF_8));
    }
}
