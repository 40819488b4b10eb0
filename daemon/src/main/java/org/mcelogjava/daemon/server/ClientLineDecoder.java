package org.mcelogjava.daemon.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Splits a client's bytes into command lines. mcelog handles whatever one read returned, so a
 * command without a newline is still answered, while a command split over two writes is not; this
 * decoder does both: complete lines are emitted at once, and an unfinished line is emitted as a
 * command once the client has been quiet for {@link #PARTIAL_LINE_DELAY_MILLIS}. A line beyond the
 * limit is reported once as {@link ClientLine#TOO_LONG} and skipped up to its end.
 *
 * <p>A NUL byte ends a line as a newline does. mcelog ({@code client_input} in server.c) reads
 * into a buffer it handles as a C string, so a NUL ends the request; collectd's mcelog plugin
 * relies on that, sending {@code "dump all bios\n"} with its terminating NUL (15 bytes). mcelog
 * ignores whatever follows the NUL in the same read; this decoder does not see read boundaries
 * (a stream may join two requests), so it reads on after the NUL: the plugin's NUL is neither a
 * command of its own nor glued to the plugin's next request.
 */
final class ClientLineDecoder extends ByteToMessageDecoder {

    /** How long an unfinished line may wait for the rest of its command. */
    static final long PARTIAL_LINE_DELAY_MILLIS = 200;

    private final int maxLine;
    private boolean discarding;
    private ScheduledFuture<?> partialFlush;

    ClientLineDecoder(int maxLine) {
        this.maxLine = maxLine;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        cancelPartialFlush();
        int end;
        while ((end = in.forEachByte(in.readerIndex(), in.readableBytes(), ClientLineDecoder::insideLine)) >= 0) {
            int length = end - in.readerIndex();
            if (discarding) {
                discarding = false;
                in.skipBytes(length + 1);
                continue;
            }
            if (length > maxLine) {
                in.skipBytes(length + 1);
                out.add(ClientLine.TOO_LONG);
                continue;
            }
            out.add(new ClientLine(in.readCharSequence(length, StandardCharsets.ISO_8859_1).toString(), false));
            in.skipBytes(1);
        }
        if (in.readableBytes() > maxLine) {
            in.skipBytes(in.readableBytes());
            if (!discarding) {
                discarding = true;
                out.add(ClientLine.TOO_LONG);
            }
        } else if (in.isReadable() && !discarding) {
            partialFlush = ctx.executor().schedule(() -> flushPartial(ctx), PARTIAL_LINE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private static boolean insideLine(byte b) {
        return b != '\n' && b != 0;
    }

    /** The client went quiet in the middle of a line: take what it sent as the command. */
    private void flushPartial(ChannelHandlerContext ctx) {
        ByteBuf pending = internalBuffer();
        if (pending.isReadable() && ctx.channel().isActive()) {
            String text = pending.readCharSequence(pending.readableBytes(), StandardCharsets.ISO_8859_1).toString();
            ctx.fireChannelRead(new ClientLine(text, false));
        }
    }

    private void cancelPartialFlush() {
        if (partialFlush != null) {
            partialFlush.cancel(false);
            partialFlush = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelPartialFlush();
    }
}
