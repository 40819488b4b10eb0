package org.mcelogjava.kernelsim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.kernelsim.dev.LegacyInjector;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.PersistentRecords;
import org.mcelogjava.kernelsim.sysfs.Attribute;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.mce.MceCodec;

/**
 * Every byte example of PROTOCOL.md's Part I, read from the document itself and played against the
 * real server over a Unix socket: each {@code C} frame is sent as written, each {@code S} frame must
 * be exactly what the server answers. A transcript starts at each client HELLO. Where the document
 * shows a POLL answered POLLIN, the POLL must first be asleep on the device; then the records of the
 * transcript's READ reply are logged, as the kernel would log them, to wake it.
 */
class ProtocolTranscriptTest {

    private static final Path DOCUMENT = Path.of("../protocol/PROTOCOL.md");
    private static final int POLL_REPLY = 0x87;
    private static final int READ_REPLY = 0x84;
    private static final int PROTOCOL_ERROR = 0xFF;

    @TempDir
    Path dir;
    private final ExecutorService reader = Executors.newSingleThreadExecutor();
    private final List<String> serverLog = new ArrayList<>();

    private record Frame(boolean fromClient, byte[] bytes) {
        int type() {
            return bytes[4] & 0xFF;
        }
    }

    @AfterEach
    void stop() {
        reader.shutdownNow();
    }

    @Test
    void everyTranscriptOfTheDocumentIsWhatTheRealServerSays() throws Exception {
        List<List<Frame>> transcripts = transcripts();
        assertEquals(4, transcripts.size(),
                "§5's writes together, §7's oversized request, §11's session and its refused handshake");
        for (int i = 0; i < transcripts.size(); i++) {
            play("transcript " + (i + 1), transcripts.get(i));
        }
    }

    private void play(String name, List<Frame> transcript) throws Exception {
        McelogDevice device = new McelogDevice(32, 128, true, cpu -> cpu < 8, LegacyInjector.NONE,
                new PersistentRecords());
        SysfsTree sysfs = new SysfsTree();
        sysfs.register("/sys/devices/system/machinecheck/machinecheck0/check_interval",
                Attribute.readWrite(Attribute.Show.text(() -> "300\n"), (v, cap) -> v.length));
        Path socket = dir.resolve(name.replace(' ', '-') + ".sock");
        try (DeviceServer server = DeviceServer.start(socket, device, sysfs, "mce-sim/0.1.0 kernel=6.12",
                (uid, gids) -> true, DeviceServer.DEFAULT_DEVICE_MODE, 1, serverLog::add);
             SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(server.socket()));
            for (int i = 0; i < transcript.size(); i++) {
                Frame frame = transcript.get(i);
                if (frame.fromClient()) {
                    ch.write(ByteBuffer.wrap(frame.bytes()));
                    continue;
                }
                if (frame.type() == POLL_REPLY && (frame.bytes()[12] & 1) != 0) {
                    waitUntilAsleep(device, name);
                    logRecordsOfTheNextRead(device, transcript.subList(i, transcript.size()));
                }
                byte[] answer = readExactly(ch, frame.bytes().length);
                assertEquals(HexFormat.ofDelimiter(" ").formatHex(frame.bytes()),
                        HexFormat.ofDelimiter(" ").formatHex(answer), name + ", frame " + i);
            }
            if (transcript.get(transcript.size() - 1).type() == PROTOCOL_ERROR) {
                assertEquals(-1, reader.submit(() -> ch.read(ByteBuffer.allocate(1))).get(10, TimeUnit.SECONDS),
                        name + ": the server closes after a PROTOCOL_ERROR");
            }
        }
    }

    private static void waitUntilAsleep(McelogDevice device, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (device.waiters() != 1) {
            assertTrue(System.nanoTime() < deadline, name + ": the POLL never went to sleep on the device");
            Thread.sleep(2); // a real server on its own event loop: wait for it, bounded
        }
    }

    /**
     * Logs, in order, the records the transcript's next READ reply carries: after the 8-byte header,
     * {@code n} at body offset 4 and the records from body offset 8.
     */
    private static void logRecordsOfTheNextRead(McelogDevice device, List<Frame> rest) {
        byte[] read = rest.stream().filter(f -> !f.fromClient() && f.type() == READ_REPLY).findFirst()
                .orElseThrow().bytes();
        int n = ByteBuffer.wrap(read).order(ByteOrder.LITTLE_ENDIAN).getInt(8 + 4);
        for (int off = 0; off < n; off += 128) {
            device.accept(MceCodec.decode(read, 8 + 8 + off, 128));
        }
    }

    private byte[] readExactly(SocketChannel ch, int n) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(n);
        reader.submit(() -> {
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new IOException("server closed after " + buf.position() + " of " + n + " bytes");
                }
            }
            return null;
        }).get(10, TimeUnit.SECONDS);
        return buf.array();
    }

    /** The C/S frames of every code block of Part I, split into transcripts at each client HELLO. */
    private static List<List<Frame>> transcripts() throws IOException {
        String whole = Files.readString(DOCUMENT, StandardCharsets.UTF_8);
        String[] blocks = whole.substring(0, whole.indexOf("\n# Part II")).split("```");
        List<List<Frame>> transcripts = new ArrayList<>();
        for (int b = 1; b < blocks.length; b += 2) {
            for (Frame f : frames(blocks[b])) {
                if (f.fromClient() && f.type() == 0x01) {
                    transcripts.add(new ArrayList<>());
                }
                transcripts.get(transcripts.size() - 1).add(f);
            }
        }
        return transcripts;
    }

    /** "C …" or "S …" starts a frame, lines indented by two spaces continue it, the rest is ignored. */
    private static List<Frame> frames(String block) {
        List<Frame> frames = new ArrayList<>();
        StringBuilder hex = new StringBuilder();
        Boolean fromClient = null;
        for (String line : block.split("\n")) {
            boolean starts = line.startsWith("C ") || line.startsWith("S ");
            if (!starts && !line.startsWith("  ")) {
                continue;
            }
            if (starts) {
                if (fromClient != null) {
                    frames.add(new Frame(fromClient, HexFormat.of().parseHex(hex)));
                }
                fromClient = line.charAt(0) == 'C';
                hex.setLength(0);
                line = line.substring(2);
            }
            hex.append(line.replace(" ", ""));
        }
        if (fromClient != null) {
            frames.add(new Frame(fromClient, HexFormat.of().parseHex(hex)));
        }
        return frames;
    }
}
