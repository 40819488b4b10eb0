package org.mcelogjava.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.Version;

class UsageTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int mcelog(String... args) {
        return new Mcelog(new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true, StandardCharsets.UTF_8),
                ZoneId.of("UTC"), Map.of()).run(args);
    }

    @TempDir
    Path dir;

    private int mcelogWithDevice(Path device, String... args) {
        return new Mcelog(new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true, StandardCharsets.UTF_8),
                ZoneId.of("UTC"), Map.of("MCE_SIM_SOCKET", device.toString())).run(args);
    }

    @Test
    void helpIsMcelogsTextThenOursWithExamplesOnStdoutAndExitsZero() {
        assertEquals(0, mcelog("--help"));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Usage:\n\n  mcelog [options]  [mcelogdevice]\n"), text);
        assertTrue(text.contains("\n--socket PATH       The kernel's /dev/mcelog"), text);
        assertTrue(text.contains("--logfile /tmp/mcelog.log \\\n         --pidfile /tmp/mcelog.pid"),
                "the example's line continuation is printed, not joined: " + text);
        assertTrue(text.contains("\nValid CPUs: generic "), text);
    }

    @Test
    void everyOptionTheHelpNamesIsOneTheCommandLineTakes() {
        mcelog("--help");
        Matcher m = Pattern.compile("(?<![\\w-])--([a-z][a-z0-9-]*)").matcher(out.toString(StandardCharsets.UTF_8));
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
        assertEquals("Invalid max-corr-err-counters `0' (1..63000000)\nTry 'mcelog --help'.\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theVersionNamesMcelogJavaAndTheMcelogItFollowsOnStdout() {
        assertEquals(0, mcelog("--version"));
        assertEquals(Version.banner("mcelog"), out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBadOptionIsGetoptsLineAndWhereTheHelpIs() {
        assertEquals(1, mcelog("--bogus"));
        assertEquals("mcelog: unrecognized option '--bogus'\nTry 'mcelog --help'.\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBadValueWithoutAMcelogLineStillSaysWhatIsWrong() {
        assertEquals(1, mcelog("--cpumhz", "fast", "--ascii"));
        assertEquals("mcelog: --cpumhz needs a number (MHz), got `fast'\nTry 'mcelog --help'.\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anAbsentDeviceIsTheOneThingSaidAndIgnorenodevIsSilent() {
        Path absent = dir.resolve("absent.sock");
        assertEquals(1, mcelogWithDevice(absent));
        assertEquals("mcelog: Cannot open `" + absent + "': No such file or directory\n"
                + "mcelog: Is the simulator (mce-sim run) running and is MCE_SIM_SOCKET or --socket right?\n",
                err.toString(StandardCharsets.UTF_8), "no cpuinfo or DMI warning about an absent device");
        err.reset();
        assertEquals(0, mcelogWithDevice(absent, "--ignorenodev"));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDaemonDoesNotWaitForAPathThatIsNoSocket() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-socket"), "");
        assertEquals(1, mcelogWithDevice(file, "--daemon", "--foreground"));
        assertEquals("mcelog: Cannot open `" + file + "': not a socket but a regular file\n"
                + "mcelog: Is the simulator (mce-sim run) running and is MCE_SIM_SOCKET or --socket right?\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDeviceOperandThatIsAFileButNoMcelogDeviceIsRefusedAtOnceWithTheCallAndStrerror() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-device"), ""); // a file operand is read with the system calls
        assertEquals(1, mcelog("--daemon", "--foreground", file.toString()));
        assertEquals("mcelog: Cannot open `" + file + "': ioctl MCE_GET_RECORD_LEN: Inappropriate ioctl for device\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(0, mcelog("--ignorenodev", file.toString()), "mcelog's --ignorenodev: exit 0 without a word");
        assertEquals("", err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDeviceOperandThatIsNoDeviceIsRefusedNamingWhatItIs() {
        assertEquals(1, mcelog("--daemon", "--foreground", dir.toString()));
        assertEquals("mcelog: Cannot open `" + dir + "': is a directory, not a device (the simulator's socket,"
                + " a character device or a mounted device file)\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingOrDirectoryInputFileIsNamedWithItsReason() {
        assertEquals(1, mcelog("--ascii", "--file", dir.resolve("none.txt").toString()));
        assertEquals("Cannot open input file `" + dir.resolve("none.txt") + "': No such file or directory\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, mcelog("--ascii", "--file", dir.toString()));
        assertEquals("Cannot open input file `" + dir + "': Is a directory\n", err.toString(StandardCharsets.UTF_8));
    }
}
