package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every class of input error, in a file as a user writes it (a comment first, the error on its
 * third line), through the two commands that read such files: {@code mce-sim replay} (a 4-CPU
 * Skylake-SP, banks 0-19) and {@code mce-inject --dump} (no machine: field widths only). Each exits
 * 1 with one line naming the file, the line, the token and the rule or limit.
 */
class InjectErrorsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Path file(String thirdLine) throws IOException {
        return Files.writeString(dir.resolve("errors.inject"),
                "# what the user meant\nCPU 1 BANK 7\n" + thirdLine + "\nSTATUS CORRECTED 0x9f\n");
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        bank           | BANK 400         | BANK 400: no such bank (this CPU has banks 0-19)
        cpu            | CPU 4 STATUS 0   | CPU 4: not online (this machine has CPUs 0-3)
        value width    | SOCKETID 1 APICID 0x1ffffffff | APICID 0x1ffffffff: out of range (apicid is 32 bits: 0-0xffffffff)
        unknown word   | BANKS 3          | syntax error at 'BANKS': unknown keyword
        missing number | ADDR             | syntax error at 'STATUS': ADDR needs a number
        bad number     | MISC 0x8c0g      | bad number '0x8c0g': a number is 123, 0x7b (hexadecimal) or 0173 (octal)
        """)
    void replayNamesTheLineTheTokenAndTheLimit(String kind, String thirdLine, String message) throws IOException {
        Path f = file(thirdLine);
        int line = kind.equals("missing number") ? 4 : 3;
        int status = MceSim.run(List.of("replay", f.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, status, stderr());
        assertTrue(stderr().contains(f + ":" + line + ": " + message + "\n"), stderr());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        bank           | BANK 400         | BANK 400: out of range (the bank number is 8 bits: 0-255)
        cpu            | CPU 4294967296 STATUS 0 | CPU 4294967296: out of range (the CPU number is 32 bits: 0-4294967295)
        value width    | RIP 0x1ff:0x4000 | RIP 0x1ff: out of range (cs is 8 bits: 0-0xff)
        unknown word   | MSIC 0x8c        | syntax error at 'MSIC': unknown keyword
        missing number | ADDR             | syntax error at 'STATUS': ADDR needs a number
        bad number     | ADDR 0x1234_5678 | bad number '0x1234_5678': a number is 123, 0x7b (hexadecimal) or 0173 (octal)
        """)
    void dumpNamesTheLineTheTokenAndTheFieldWidth(String kind, String thirdLine, String message) throws IOException {
        Path f = file(thirdLine);
        int line = kind.equals("missing number") ? 4 : 3;
        int status = MceInject.run(List.of("--dump", f.toString()), Map.of(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, status, stderr());
        assertEquals(f + ":" + line + ": " + message + "\n", stderr());
    }
}
