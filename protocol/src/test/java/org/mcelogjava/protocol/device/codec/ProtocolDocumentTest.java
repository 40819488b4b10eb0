package org.mcelogjava.protocol.device.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md's §11 transcripts are the codec tests' fixtures: the hex in the code blocks of §11 must
 * be, frame for frame, the content of session.hex followed by refused-version.hex. (kernel-sim's
 * ProtocolTranscriptTest runs every transcript of the document against the real server.)
 */
class ProtocolDocumentTest {

    @Test
    void theDocumentedTranscriptsAreTheFixtures() throws IOException {
        String whole = Files.readString(Path.of("PROTOCOL.md"), StandardCharsets.UTF_8);
        String doc = whole.substring(whole.indexOf("\n## 11. "), whole.indexOf("\n## 12. "));
        StringBuilder blocks = new StringBuilder();
        String[] parts = doc.split("```");
        for (int i = 1; i < parts.length; i += 2) {
            blocks.append(parts[i]).append('\n');
        }
        HexFixture documented = HexFixture.parse(blocks.toString());
        List<HexFixture.Frame> expected = new ArrayList<>(HexFixture.load("/device/session.hex").frames());
        expected.addAll(HexFixture.load("/device/refused-version.hex").frames());

        assertEquals(expected.size(), documented.frames().size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).fromClient(), documented.frames().get(i).fromClient(),
                    "direction of frame " + i);
            assertArrayEquals(expected.get(i).bytes(), documented.frames().get(i).bytes(), "frame " + i);
        }
    }
}
