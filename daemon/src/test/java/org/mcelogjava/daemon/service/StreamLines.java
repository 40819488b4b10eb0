package org.mcelogjava.daemon.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A reader of the record stream on a daemon's real client socket, for the tests that compare it with other outputs. */
final class StreamLines {

    private StreamLines() {
    }

    /** {@code subscribe 1 json replay} on the client socket: the first {@code count} record lines. */
    static List<String> replayed(Path socket, int count) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                ch.write(ByteBuffer.wrap("subscribe 1 json replay\n".getBytes(StandardCharsets.US_ASCII)));
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                        StandardCharsets.UTF_8));
                assertEquals("ok 1 json", in.readLine());
                List<String> records = new ArrayList<>();
                while (records.size() < count) {
                    String line = in.readLine();
                    assertTrue(line != null, "the stream ended after " + records.size() + " of " + count + " records");
                    if (line.startsWith("{\"type\":\"record\"")) {
                        records.add(line);
                    }
                }
                return records;
            }
        });
    }
}
