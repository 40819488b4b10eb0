package org.mcelogjava.protocol.mce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MceDumpTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return MceDump.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static Path batch() throws URISyntaxException {
        return Path.of(MceDumpTest.class.getResource("/mce/nehalem-batch.bin").toURI());
    }

    @Test
    void dumpsEachRecordOfACapturedBatch() throws Exception {
        assertEquals(0, run(batch().toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(": 6 record(s) of 128 bytes"), text);
        assertTrue(text.contains("  status       0xbd000000001000c1\n"), text);
        assertTrue(text.contains("  bank         0x08\n"), text);
        assertTrue(text.contains("status bits VAL UC EN MISCV ADDRV S; class FATAL (no SER_P); MSCOD 0x0010; MCACOD 0x00c1"), text);
        assertEquals(6, text.split("\nrecord ", -1).length - 1);
    }

    @Test
    void shortRecordLengthsShowOnlyTheFieldsTheyCarry(@TempDir Path dir) throws IOException {
        Path old = dir.resolve("old.bin");
        Files.write(old, MceCodec.encode(MceCodecTest.ALL_FIELDS, MceLayout.LEN_3X));
        assertEquals(0, run("--record-len", "88", old.toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("  mcgcap       0x000000000f000c14\n"), text);
        assertTrue(!text.contains("synd"), text);
    }

    @Test
    void reportsATrailingPartialRecord(@TempDir Path dir) throws IOException {
        Path odd = dir.resolve("odd.bin");
        Files.write(odd, new byte[130]);
        assertEquals(0, run(odd.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("trailing 2 bytes are not a whole record"));
    }

    @Test
    void missingFileIsOneClearLineAndExitOne(@TempDir Path dir) {
        assertEquals(1, run(dir.resolve("nope.bin").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("mce-dump: cannot read "));
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, run());
        assertEquals(2, run("--record-len", "zero", "x"));
        assertEquals(2, run("--bogus"));
    }
}
