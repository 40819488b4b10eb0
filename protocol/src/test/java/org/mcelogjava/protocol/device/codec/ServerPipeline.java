package org.mcelogjava.protocol.device.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: the server's codec pipeline (decoder, encoder, optional logic, error handler) in an
 * EmbeddedChannel, recording what the error handler reported and every input buffer.
 */
final class ServerPipeline {

    final List<Throwable> reported = new ArrayList<>();
    final EmbeddedChannel channel;
    private final List<ByteBuf> inputs = new ArrayList<>();
    private final TrackingAllocator allocator = new TrackingAllocator();

    ServerPipeline(ChannelHandler... logic) {
        channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(new DeviceRequestDecoder(), new DeviceResponseEncoder());
        channel.pipeline().addLast(logic);
        channel.pipeline().addLast(new ProtocolErrorHandler(reported::add));
    }

    /** Writes {@code bytes} in as one buffer (nothing happens once the channel is closed). */
    ServerPipeline feed(byte[] bytes) {
        ByteBuf buf = Unpooled.copiedBuffer(bytes);
        inputs.add(buf);
        if (channel.isOpen()) {
            channel.writeInbound(buf);
        } else {
            buf.release();
        }
        return this;
    }

    List<Object> requests() {
        List<Object> out = new ArrayList<>();
        for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
            out.add(m);
        }
        return out;
    }

    /** Everything the server wrote, as bytes. */
    byte[] written() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** Finishes the channel and checks that no input or pipeline buffer is still referenced. */
    void finishWithoutLeaks() {
        channel.finishAndReleaseAll();
        allocator.assertAllReleased();
        for (ByteBuf in : inputs) {
            if (in.refCnt() != 0) {
                throw new AssertionError("input buffer not released: " + in);
            }
        }
    }
}
