package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.testing.Fuzzing;

/**
 * mce-inject's language under hostile input (issue #8, seeded): 10,000 mutations of the conformance
 * inputs through {@code mce-inject --dump}. Each ends with status 0, or status 1 and one clear line
 * naming the problem; no exception escapes and nothing looks like a stack trace.
 */
class InjectInputFuzzTest {

    private static final String[] NOISE = {"0x", "0xffffffffffffffffffff", "-1", "99999999999999999999999", "CPU",
        "BANK", "STATUS", "MCGSTATUS", "ADDR", "MISC", "RIP", "HOLDOFF", "IN_IRQ", "NMI", "#", ":", "0x10:",
        "\u0000", "\r", "\t", "\u00ff", "uncorrected", "corrected", "fatal", "PCC", "S", "AR", "OVER", "ANY"};

    private final Random rnd = new Random(0x696e6a65L);

    @Test
    void mutatedInputEndsInADumpOrOneClearError() throws IOException {
        List<String> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/inject"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".inject")).sorted().toList()) {
                seeds.add(Files.readString(p, StandardCharsets.ISO_8859_1));
            }
        }
        assertFalse(seeds.isEmpty());
        int refused = 0;
        for (int i = 0; i < 10_000; i++) {
            String input = Fuzzing.mutateWords(seeds.get(rnd.nextInt(seeds.size())), rnd, NOISE, 3);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status;
            try {
                status = MceInject.run(List.of("--dump"), Map.of(),
                        new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)),
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw new AssertionError("exception escaped on input " + Fuzzing.show(input), e);
            }
            String error = err.toString(StandardCharsets.UTF_8);
            if (status == 0) {
                assertEquals("", error, Fuzzing.show(input));
            } else {
                refused++;
                assertEquals(1, status, Fuzzing.show(input));
                assertTrue(error.endsWith("\n") && error.indexOf('\n') == error.length() - 1 && error.length() > 10,
                        "one clear line: " + error + " for " + Fuzzing.show(input));
                assertFalse(error.contains("Exception") || error.contains("\tat "), error);
            }
        }
        assertTrue(refused > 1_000 && refused < 9_000, "refused " + refused + " of 10,000: mutations too weak or too wild");
    }
}
