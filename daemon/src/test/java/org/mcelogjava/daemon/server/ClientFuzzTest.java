package org.mcelogjava.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.sink.StreamHub;
import org.mcelogjava.protocol.testing.Fuzzing;

/**
 * 100,000 random lines against the daemon's client socket (issue #8, seeded): known commands with
 * random arguments, random bytes, lines beyond the 4 KiB limit, bad subscriptions. Every
 * connection that ends with {@code ping} gets its {@code pong} after all the other replies; a bad
 * subscription gets its error and the close; afterwards a well-formed client is answered and the
 * heap after GC has not grown.
 */
class ClientFuzzTest {

    private static final int LINES = 100_000;
    private static final List<String> WORDS = List.of("dump", "all", "bios", "pages", "ping", "subscribe", "json",
            "raw", "replay", "1", "0", "-1", "99999999999999999999", " ", "\t", "\r", "\u00ff", "%s%n");

    @TempDir
    Path dir;
    private ClientServer server;
    private final Random rnd = new Random(0x636c6965L);

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void randomLinesAreAnsweredInOrderAndNeverHurtTheServer() throws Exception {
        ClientQueries queries = new ClientQueries() {
            @Override
            public String dump(boolean all, boolean bios) {
                return "Memory errors\n";
            }

            @Override
            public String pages() {
                return "Per page corrected memory statistics:\n\n";
            }
        };
        server = ClientServer.start(dir.resolve("client"), new ClientAccess(OptionalInt.empty(), OptionalInt.empty(),
                false), queries, new StreamHub(4, 128, () -> 1_700_000_000L), 2000, line -> { });
        int sent = 0;
        int refusedSubscriptions = 0;
        long heapBefore = 0;
        for (int connection = 0; sent < LINES; connection++) {
            if (connection == 20) {
                heapBefore = Fuzzing.heapAfterGc();
            }
            int n = 1 + rnd.nextInt(200);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < n; i++) {
                out.append(randomLine()).append('\n');
            }
            boolean badSubscription = rnd.nextInt(10) == 0;
            out.append(badSubscription ? "subscribe " + (2 + rnd.nextInt(9)) + " xml\n" : "ping\n");
            String reply = exchange(out.toString());
            if (badSubscription) {
                assertTrue(reply.matches("(?s).*error unsupported stream version \\d+ \\(this daemon speaks \\d+\\)\n"),
                        reply.substring(Math.max(0, reply.length() - 200)));
                refusedSubscriptions++;
            } else {
                assertTrue(reply.endsWith("pong\n"), "the last reply: "
                        + reply.substring(Math.max(0, reply.length() - 200)));
            }
            sent += n + 1;
        }
        long growth = Fuzzing.heapAfterGc() - heapBefore;
        assertEquals("pong\n", exchange("ping\n"));
        assertTrue(refusedSubscriptions > 10);
        assertTrue(growth < 32L << 20, "heap grew by " + (growth >> 20) + " MiB over " + sent + " lines");
        System.out.printf("client fuzz: %d lines, %d refused subscriptions, heap growth %d KiB%n", sent,
                refusedSubscriptions, growth >> 10);
    }

    /** A line of random words and bytes, without newline or NUL (either ends a line); now and then longer than the limit. */
    private String randomLine() {
        if (rnd.nextInt(200) == 0) {
            return "x".repeat(ClientServer.MAX_LINE + 1 + rnd.nextInt(10_000));
        }
        StringBuilder b = new StringBuilder();
        for (int w = rnd.nextInt(5); w >= 0; w--) {
            if (rnd.nextInt(4) == 0) {
                for (int i = rnd.nextInt(16); i > 0; i--) {
                    char c = (char) rnd.nextInt(256);
                    b.append(c == '\n' || c == 0 ? ' ' : c); // both end a line
                }
            } else {
                b.append(WORDS.get(rnd.nextInt(WORDS.size())));
            }
            b.append(' ');
        }
        String line = b.toString();
        return line.startsWith("subscribe") || line.strip().startsWith("subscribe") ? "#" + line : line;
    }

    /** Sends the text and reads until the server closes or stops after its answer to the last line. */
    private String exchange(String text) throws Exception {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(dir.resolve("client")));
            ReadDeadline deadline = new ReadDeadline(ch, Duration.ofSeconds(10)); // a stuck server fails the test
            ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder reply = new StringBuilder();
            ByteBuffer in = ByteBuffer.allocate(1 << 16);
            try {
                while (out.hasRemaining()) {
                    ch.write(out);
                }
                while (!reply.toString().endsWith("pong\n") && ch.read(in) >= 0) {
                    in.flip();
                    reply.append(StandardCharsets.ISO_8859_1.decode(in));
                    in.clear();
                }
            } catch (SocketException e) {
                // closed after a refused subscription with our lines unread
            } finally {
                deadline.close();
            }
            return reply.toString();
        } finally {
            ch.close();
        }
    }
}
