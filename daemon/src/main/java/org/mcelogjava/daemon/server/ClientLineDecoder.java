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
 * limit is reported once as {@link ClientLine#TOO_LONG} and skipped up to its newline.
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
        int newline;
        while ((newline = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n')) >= 0) {
            int length = newline - in.readerIndex();
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
