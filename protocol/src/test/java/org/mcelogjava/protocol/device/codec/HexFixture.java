package org.mcelogjava.protocol.device.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A frame transcript in src/test/resources: "C" or "S" starts a frame (client or server bytes in
 * hex), lines indented by two spaces continue it, '#' lines are comments.
 */
record HexFixture(List<Frame> frames) {

    record Frame(boolean fromClient, byte[] bytes) {
    }

    static HexFixture load(String resource) throws IOException {
        String text;
        try (InputStream in = HexFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        return parse(text);
    }

    /** Parses transcript text; lines that are neither frames, continuations nor comments are ignored. */
    static HexFixture parse(String text) {
        List<Frame> frames = new ArrayList<>();
        Character direction = null;
        StringBuilder hex = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith("C ") && !line.startsWith("S ") && !line.startsWith("  ")) {
                continue;
            }
            if (line.startsWith("C ") || line.startsWith("S ")) {
                if (direction != null) {
                    frames.add(new Frame(direction == 'C', HexFormat.of().parseHex(hex)));
                }
                direction = line.charAt(0);
                hex.setLength(0);
                line = line.substring(2);
            }
            hex.append(line.replace(" ", ""));
        }
        if (direction != null) {
            frames.add(new Frame(direction == 'C', HexFormat.of().parseHex(hex)));
        }
        return new HexFixture(List.copyOf(frames));
    }

    byte[] clientBytes() {
        return join(true);
    }

    byte[] serverBytes() {
        return join(false);
    }

    private byte[] join(boolean fromClient) {
        return Frames.concat(frames.stream().filter(f -> f.fromClient() == fromClient).map(Frame::bytes)
                .toArray(byte[][]::new));
    }
}
