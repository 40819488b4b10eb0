package org.mcelogjava.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.testing.Fuzzing;

/**
 * {@code mcelog --ascii} under hostile input (issue #8, seeded): 10,000 mutations of the parity
 * inputs — lines dropped, doubled, cut, numbers overflowed, bytes from NUL to 0xff. mcelog decodes
 * what it can and skips the rest; so must we: status 0, no exception escaping, nothing like a
 * stack trace on stderr. (What the output must be is the parity tests' business.)
 */
class AsciiInputFuzzTest {

    private static final String[] NOISE = {"0x", "0xffffffffffffffffffffffff", "-1", "18446744073709551616",
        "CPU", "BANK", "STATUS", "MCGSTATUS", "ADDR", "MISC", "TSC", "TIME", "PROCESSOR", "MCGCAP", "APICID",
        "SOCKETID", "CPUID", "Vendor", "Family", "Model", "\u0000", "\r", "\t", "\u00ff", ":", "mcelog:",
        "Hardware event.", "[", "]"};

    private final Random rnd = new Random(0x61736369L);

    @Test
    void mutatedInputIsDecodedOrPassedThroughWithoutFailing() throws IOException {
        List<String> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/ascii"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".in")).sorted().toList()) {
                seeds.add(Files.readString(p, StandardCharsets.ISO_8859_1));
            }
        }
        assertFalse(seeds.isEmpty());
        for (int i = 0; i < 10_000; i++) {
            String input = Fuzzing.mutateWords(seeds.get(rnd.nextInt(seeds.size())), rnd, NOISE, 4);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status;
            try {
                status = new Mcelog(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)), out,
                        new PrintStream(err, true, StandardCharsets.ISO_8859_1), ZoneOffset.UTC)
                        .run(new String[] {"--ascii", "--no-dmi"});
            } catch (RuntimeException e) {
                throw new AssertionError("exception escaped on input " + Fuzzing.show(input), e);
            }
            String error = err.toString(StandardCharsets.ISO_8859_1);
            assertEquals(0, status, error + " for " + Fuzzing.show(input));
            assertFalse(error.contains("Exception") || error.contains("\tat "), error);
        }
    }
}
