package org.mcelogjava.kernelsim.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mca.MceConfig;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The description of the language that {@code mce-inject --help} prints and docs/inject.md
 * carries: it names every keyword of the lexer's table, fits 100 columns, and its three examples
 * parse and inject into a Skylake-SP machine as written.
 */
class InjectLanguageTextTest {

    private static String text() throws IOException {
        try (InputStream in = InjectLexer.class.getResourceAsStream("mce-inject-language.txt")) {
            assertTrue(in != null, "mce-inject-language.txt beside InjectLexer");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void namesEveryKeywordOfTheLexer() throws IOException {
        String text = text();
        assertFalse(InjectLexer.keywords().isEmpty());
        for (String keyword : InjectLexer.keywords()) {
            assertTrue(Pattern.compile("\\b" + keyword + "\\b").matcher(text).find(), keyword + " is not described");
        }
    }

    @Test
    void fitsOneHundredColumns() throws IOException {
        for (String line : text().split("\n")) {
            assertTrue(line.length() <= 100, "longer than 100 columns: " + line);
        }
    }

    @Test
    void itsThreeExamplesInjectAsWritten() throws Exception {
        List<String> examples = examples(text());
        assertEquals(3, examples.size(), examples.toString());
        for (String example : examples) {
            List<Mce> logged = new ArrayList<>();
            SimulatedKernel kernel = new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(),
                    Topology.flat(4))).config(new MceConfig().fakePanic(true)).mcelog(logged::add).boot();
            MceInjectTool tool = new MceInjectTool(kernel.injector(), 4, 19, false);
            tool.run(List.of(new InjectSource("example", example)));
            kernel.runDeferredWork();
            assertEquals(1, tool.submittedRecords(), example);
            assertEquals(1, logged.size(), "the record reached /dev/mcelog: " + example);
        }
    }

    @Test
    void docsInjectMdCarriesTheSameText() throws IOException {
        String doc = Files.readString(Path.of("../docs/inject.md"), StandardCharsets.UTF_8);
        int start = doc.indexOf("```text\n");
        assertTrue(start >= 0, "docs/inject.md has the reference in a text block");
        int end = doc.indexOf("\n```\n", start);
        assertEquals(text(), doc.substring(start + "```text\n".length(), end + 1));
    }

    /** The indented lines after each "Example N, ..." line. */
    private static List<String> examples(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("Example ")) {
                current = new StringBuilder();
                out.add("");
            } else if (current != null && line.startsWith("    ")) {
                current.append(line.strip()).append('\n');
                out.set(out.size() - 1, current.toString());
            } else {
                current = null;
            }
        }
        return out;
    }
}
