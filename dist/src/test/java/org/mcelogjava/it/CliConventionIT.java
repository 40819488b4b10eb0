package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.Version;

/**
 * The one command-line convention, checked on every installed command and subcommand through its
 * launcher: {@code --help} prints the usage on stdout and exits 0; {@code --version} prints the
 * banner (the program, mcelog-java and its version, the mcelog it follows) and exits 0; an unknown
 * option is a line saying so and {@code Try 'PROGRAM --help'.} on stderr, nothing on stdout, exit 1.
 */
class CliConventionIT {

    /** Each command as typed, up to its subcommand; the first word is the launcher in bin/. */
    private static final List<List<String>> COMMANDS = List.of(
            List.of("mcelog"), List.of("mce-inject"), List.of("mce-sim"),
            List.of("mce-sim", "run"), List.of("mce-sim", "replay"), List.of("mce-sim", "sysfs"),
            List.of("mce-sim", "insmod"), List.of("mce-sim", "rmmod"), List.of("mce-sim", "lsmod"), List.of("mce-sim", "dmesg"),
            List.of("mce-sim", "modbuild"), List.of("mce-sim", "bench"), List.of("mce-sim", "sandbox"));

    @TempDir
    Path dir;

    private InstalledCommands.Result run(List<String> command, String... more) throws Exception {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of(more));
        return new InstalledCommands(dir).run(argv.toArray(String[]::new));
    }

    @Test
    void everyCommandFollowsTheConvention() throws Exception {
        List<Runnable> checks = new ArrayList<>();
        for (List<String> command : COMMANDS) {
            String program = String.join(" ", command);
            InstalledCommands.Result help = run(command, "--help");
            InstalledCommands.Result version = run(command, "--version");
            InstalledCommands.Result bogus = run(command, "--frobnicate");
            checks.add(() -> {
                assertEquals(0, help.status(), help.toString());
                assertTrue(help.out().toLowerCase().startsWith("usage:"), help.toString());
                assertTrue(help.out().contains(command.get(command.size() - 1)), help.toString());
                assertEquals("", help.err(), help.toString());
            });
            checks.add(() -> {
                assertEquals(0, version.status(), version.toString());
                assertEquals(Version.banner(command.get(0)), version.out(), version.toString());
                assertTrue(version.out().startsWith(command.get(0) + " (mcelog-java) " + Version.MCELOG_JAVA + "\n"));
                assertTrue(version.out().endsWith("compatible with mcelog v208\n"));
                assertEquals("", version.err(), version.toString());
            });
            checks.add(() -> {
                assertEquals(1, bogus.status(), bogus.toString());
                assertEquals("", bogus.out(), bogus.toString());
                List<String> lines = bogus.err().lines().toList();
                assertEquals(2, lines.size(), bogus.toString());
                assertTrue(lines.get(0).startsWith(program + ": ") && lines.get(0).contains("--frobnicate"),
                        bogus.toString());
                assertEquals("Try '" + program + " --help'.", lines.get(1), bogus.toString());
            });
        }
        assertAll(checks.stream().map(c -> c::run));
    }

    @Test
    void dashHIsTheHelpWhereALetterOptionFitsAndMceInjectHelpDescribesTheLanguage() throws Exception {
        InstalledCommands.Result inject = run(List.of("mce-inject"), "-h");
        assertEquals(0, inject.status(), inject.toString());
        assertFalse(inject.out().contains("set -eu"), inject.toString());
        String language;
        try (InputStream in = getClass().getResourceAsStream("/org/mcelogjava/kernelsim/inject/mce-inject-language.txt")) {
            language = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(inject.out().endsWith(language), "the language follows the options: " + inject);
        InstalledCommands.Result sim = run(List.of("mce-sim"), "-h");
        assertEquals(0, sim.status(), sim.toString());
        assertTrue(sim.out().startsWith("usage: mce-sim COMMAND"), sim.toString());
    }
}
