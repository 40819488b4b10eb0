package org.mcelogjava.protocol.device.codec;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Objects;
import java.util.function.Consumer;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Errno;

/**
 * Server side, last in the pipeline: the place where every exception of a connection ends. A
 * {@link DeviceProtocolException} becomes a PROTOCOL_ERROR with its errno, tag and message; any
 * other exception becomes a PROTOCOL_ERROR with EIO and "internal error" (its details stay on the
 * server). Either way the frame is flushed and the channel closed, and the cause is handed to a
 * listener (for logging) exactly once; later exceptions of the same connection are swallowed.
 *
 * <p>Pipeline: {@code DeviceRequestDecoder, DeviceResponseEncoder, <server logic>, ProtocolErrorHandler}.
 * The reply travels back through the encoder. One instance per channel.
 */
public final class ProtocolErrorHandler extends ChannelInboundHandlerAdapter {

    private final Consumer<Throwable> listener;
    private boolean failed;

    /** @param listener told of the first exception of the connection, e.g. to log it */
    public ProtocolErrorHandler(Consumer<Throwable> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failed) {
            return;
        }
        failed = true;
        listener.accept(cause);
        if (!ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        DeviceResponse.ProtocolError reply = cause instanceof DeviceProtocolException p
                ? DeviceResponse.ProtocolError.of(p.tag(), p.errno(), p.getMessage())
                : DeviceResponse.ProtocolError.of(DeviceProtocol.NO_TAG, Errno.EIO, "internal error");
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }
}
