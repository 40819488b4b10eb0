package org.mcelogjava.protocol.device.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.device.DeviceFrame;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.DeviceResponse;

/**
 * Random and mutated byte streams: whatever arrives, the only exception the decoders raise is
 * {@link DeviceProtocolException}, the server answers with at most one PROTOCOL_ERROR and closes,
 * and every buffer is released.
 *
 * <p>Each property runs {@value #TRIES} generated cases from fixed seeds; a failure names the seed
 * of its case, so it can be replayed alone.
 */
class RandomStreamTest {

    private static final byte[] VALID_REQUESTS = validRequests();
    private static final byte[] VALID_RESPONSES = validResponses();

    private static final int TRIES = 600;
    private static final long BASE_SEED = 20261125L;

    @Test
    void serverSurvivesRandomBytes() {
        forEachCase(random -> {
            byte[] tail = new byte[random.nextInt(601)];
            random.nextBytes(tail);
            byte[] stream = random.nextBoolean()
                    ? Frames.concat(Frames.encodeRequests(List.of(Frames.CLIENT_HELLO)), tail) : tail;
            serverSurvives(stream, chunkSize(random));
        });
    }

    @Test
    void serverSurvivesMutatedValidStreams() {
        forEachCase(random -> serverSurvives(mutationOf(VALID_REQUESTS, random), chunkSize(random)));
    }

    @Test
    void clientDecoderRaisesOnlyItsOwnException() {
        forEachCase(random -> clientDecoderSurvives(mutationOf(VALID_RESPONSES, random), chunkSize(random)));
    }

    private static void forEachCase(Consumer<Random> property) {
        for (int i = 0; i < TRIES; i++) {
            long seed = BASE_SEED + i;
            try {
                property.accept(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("case with seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static int chunkSize(Random random) {
        return 1 + random.nextInt(97);
    }

    private static void clientDecoderSurvives(byte[] stream, int chunk) {
        TrackingAllocator allocator = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(new DeviceResponseDecoder());
        List<ByteBuf> inputs = new ArrayList<>();
        List<Throwable> thrown = new ArrayList<>();
        for (byte[] part : chunks(stream, chunk)) {
            ByteBuf buf = Unpooled.copiedBuffer(part);
            inputs.add(buf);
            try {
                channel.writeInbound(buf);
            } catch (RuntimeException e) {
                thrown.add(e);
            }
        }
        try {
            channel.finishAndReleaseAll();
        } catch (RuntimeException e) {
            thrown.add(e);
        }
        assertTrue(thrown.size() <= 1, "at most one failure per stream: " + thrown);
        thrown.forEach(t -> assertInstanceOf(DeviceProtocolException.class, t));
        inputs.forEach(b -> assertEquals(0, b.refCnt(), "input released"));
        allocator.assertAllReleased();
    }

    private static void serverSurvives(byte[] stream, int chunk) {
        ServerPipeline server = new ServerPipeline();
        for (byte[] part : chunks(stream, chunk)) {
            server.feed(part);
        }
        server.channel.checkException();
        server.requests();
        byte[] written = server.written();
        server.channel.close();
        server.channel.checkException();

        server.reported.forEach(t -> assertInstanceOf(DeviceProtocolException.class, t));
        assertTrue(server.reported.size() <= 1, "reported once: " + server.reported);
        if (written.length > 0) {
            List<DeviceFrame> replies = Frames.decode(new DeviceResponseDecoder(), written);
            assertEquals(1, replies.size());
            assertInstanceOf(DeviceResponse.ProtocolError.class, replies.get(0));
            assertEquals(1, server.reported.size());
        }
        assertFalse(server.channel.isOpen());
        server.finishWithoutLeaks();
    }

    /** The valid stream with up to four bytes overwritten, and cut short at a random point. */
    private static byte[] mutationOf(byte[] valid, Random random) {
        byte[] copy = valid.clone();
        for (int n = random.nextInt(5); n > 0; n--) {
            copy[random.nextInt(valid.length)] = (byte) random.nextInt(256);
        }
        return Arrays.copyOf(copy, random.nextInt(valid.length + 1));
    }

    private static List<byte[]> chunks(byte[] stream, int chunk) {
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < stream.length; i += chunk) {
            parts.add(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + chunk)));
        }
        return parts;
    }

    private static byte[] validRequests() {
        List<DeviceRequest> all = new ArrayList<>();
        all.add(Frames.CLIENT_HELLO);
        all.addAll(Frames.requests());
        return Frames.encodeRequests(all);
    }

    private static byte[] validResponses() {
        List<DeviceResponse> all = new ArrayList<>();
        all.add(Frames.SERVER_HELLO);
        all.addAll(Frames.responses());
        return Frames.encodeResponses(all);
    }
}
