package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line contract: one JSON object on stdout, exit codes 0 / 1 (syntax error) / 2 (usage). */
class MceSimTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return MceSim.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void panicIsAnOutcomeNotAnError() throws IOException {
        Path f = Files.writeString(dir.resolve("fatal"), ReplayConformanceTest.resource("panic.fatal.inject"));
        assertEquals(0, run("replay", "--json", f.toString()));
        String json = stdout().strip();
        assertTrue(json.startsWith("{\"outcome\": \"panic\", \"severity\": \"MCE_PANIC_SEVERITY\""), json);
        assertEquals(1, json.lines().count(), "exactly one JSON object on stdout");
    }

    @Test
    void syntaxErrorStillPrintsJsonAndExitsOne() throws IOException {
        Path f = Files.writeString(dir.resolve("bad"), "CPU 0 BANK 1\nSTATUS CORRECTED EIPV\n");
        assertEquals(1, run("replay", "--json", f.toString()));
        String json = stdout().strip();
        assertTrue(json.contains("\"parse_error\": \"" + f + ":2: syntax error at 'EIPV': an MCGSTATUS bit"), json);
        // the record in progress was reduced (and injected) before the error: corrected → poll → logged
        assertTrue(json.contains("\"outcome\": \"log\""), json);
    }

    @Test
    void usageErrorsExitOneWithTheErrorAndWhereTheHelpIs() {
        assertEquals(1, run("replay", "--cpus"));
        assertEquals("mce-sim replay: --cpus needs a number\nTry 'mce-sim replay --help'.\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, run("frobnicate"));
        assertEquals("mce-sim: unknown command 'frobnicate'\nTry 'mce-sim --help'.\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingFileIsOneLineWithTheReason() {
        Path missing = dir.resolve("missing");
        assertEquals(1, run("replay", missing.toString()));
        assertEquals("mce-sim replay: cannot read " + missing + ": No such file or directory\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everySubcommandHasItsOwnHelpAndTheVersion() {
        for (String command : List.of("run", "replay", "sysfs", "insmod", "rmmod", "lsmod", "modbuild", "bench")) {
            out.reset();
            assertEquals(0, run(command, "--help"), command);
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: mce-sim " + command),
                    command + ": " + out);
            out.reset();
            assertEquals(0, run(command, "--version"), command);
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("mce-sim (mcelog-java) "), command + ": " + out);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommandsWithExamples() {
        assertEquals(0, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String part : List.of("usage: mce-sim COMMAND", "  run ", "  replay ", "  bench ", "Examples:",
                "mce-sim COMMAND --help")) {
            assertTrue(help.contains(part), part + " in:\n" + help);
        }
        assertEquals(1, run());
    }

    @Test
    void withoutJsonPrintsTheKernelLog() throws IOException {
        Path f = Files.writeString(dir.resolve("t"), ReplayConformanceTest.resource("panic.fatal_timeout.inject"));
        assertEquals(0, run("replay", "--cpus", "4", f.toString()));
        assertTrue(stdout().contains("CPUs not responding to MCE broadcast (may include false positives): 1-3"),
                stdout());
        assertTrue(stdout().contains("Fake kernel panic: Timeout: Not all CPUs entered broadcast exception handler"));
        assertTrue(stdout().strip().endsWith("outcome: panic"));
    }

    @Test
    void injectMutexSerialisesTheWritesOfTheToolsThreads() throws IOException {
        Path f = Files.writeString(dir.resolve("t"), ReplayConformanceTest.resource("panic_noser.uc_over_corrected.inject"));
        assertEquals(0, run("replay", "--no-ser", "--json", f.toString()));
        assertTrue(stdout().contains("\"panic_message\": \"Fatal machine check\""), stdout());
        out.reset();
        assertEquals(0, run("replay", "--no-ser", "--inject-mutex", "--json", f.toString()));
        assertTrue(stdout().contains("\"panic_message\": \"Timeout: Not all CPUs entered broadcast exception handler\""),
                stdout());
        out.reset();
        assertEquals(0, run("replay", "--help"));
        assertTrue(stdout().contains("--inject-mutex      the mce-inject module serialises /dev/mcelog writes"), stdout());
    }
}
