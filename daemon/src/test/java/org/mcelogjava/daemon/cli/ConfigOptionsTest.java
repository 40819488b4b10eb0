package org.mcelogjava.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mcelog.conf read before the command line, through the mcelog command itself. */
class ConfigOptionsTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int mcelog(String... args) {
        return new Mcelog(new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true, StandardCharsets.UTF_8),
                ZoneId.of("UTC"), Map.of()).run(args);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void findsTheConfigFileInEitherForm() {
        assertEquals(Optional.of("a.conf"), ConfigOptions.named(new String[] {"--ascii", "--config-file", "a.conf"}));
        assertEquals(Optional.of("b.conf"), ConfigOptions.named(new String[] {"--config-file=b.conf"}));
        assertEquals(Optional.empty(), ConfigOptions.named(new String[] {"--", "--config-file", "c.conf"}));
    }

    @Test
    void aNamedFileThatIsMissingIsFatal() {
        Path missing = dir.resolve("missing.conf");
        assertEquals(1, mcelog("--config-file", missing.toString(), "--ascii"));
        assertEquals("mcelog: " + missing + ": Cannot open config file: No such file or directory\n", stderr());
    }

    @Test
    void anInvalidLineIsFatalWithItsLocation() throws IOException {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "[dimm]\nce-error-threshold = 10 / 60s\n");
        assertEquals(1, mcelog("--config-file", conf.toString(), "--ascii"));
        assertTrue(stderr().startsWith("mcelog: " + conf + ":2: [dimm] ce-error-threshold = 10 / 60s: unparseable threshold"),
                stderr());
    }

    @Test
    void globalKeysActAsOptionsBeforeTheCommandLine() throws IOException {
        Path conf = dir.resolve("cpu.conf");
        Files.writeString(conf, "cpu = no-such-cpu\n");
        assertEquals(1, mcelog("--config-file", conf.toString(), "--ascii"));
        assertTrue(stderr().contains("Unknown CPU type `no-such-cpu' specified"), stderr());
    }

    @Test
    void modeOptionsAreNotConfigKeys() throws IOException {
        Path conf = dir.resolve("mode.conf");
        Files.writeString(conf, "ascii = yes\n");
        assertEquals(1, mcelog("--config-file", conf.toString(), "--version"));
        assertEquals("mcelog: " + conf + ":1: unknown key ascii\n", stderr());
    }
}
