package org.mcelogjava.protocol.device.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.mcelogjava.protocol.device.DeviceFrame;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.Errno;

/**
 * The framing shared by both directions: an 8-byte header ({@code u32 body length, u8 type,
 * u8 flags, u16 tag}) and a body of the announced length, handed to the subclass whole.
 *
 * <p>States: {@code HEADER} waits for 8 bytes and validates them (type known and allowed at this
 * point of the handshake, flags zero, frame within its type's limit); {@code BODY} waits for the body and
 * decodes it; {@code FAILED} is entered on the first violation, after which every byte is discarded
 * (the connection is about to close). The first violation throws {@link DeviceProtocolException};
 * any {@link IllegalArgumentException} from a frame record's validation is wrapped into one. A
 * connection that ends inside a frame is a violation too.
 *
 * <p>Every violation carries the tag of the frame that broke the rules, read from its header even
 * when the header itself is what is wrong (PROTOCOL.md §7); only a connection that ends inside a
 * header, which nobody is left to hear about, has no tag ({@link DeviceProtocol#NO_TAG}).
 */
abstract class FrameDecoder extends ByteToMessageDecoder {

    private enum State { HEADER, BODY, FAILED }

    private final int maxFrameLength;
    private State state = State.HEADER;
    private boolean handshakeDone;
    private int type;
    private int tag;
    private int bodyLength;

    FrameDecoder(int maxFrameLength, int minimum) {
        if (maxFrameLength < minimum) {
            throw new IllegalArgumentException("maxFrameLength must be at least " + minimum + ": " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    /** The limit on a whole frame, header included. */
    public final int maxFrameLength() {
        return maxFrameLength;
    }

    /** The limit on a whole frame of this (valid) type; {@link #maxFrameLength()} unless a type needs more. */
    int maxFrameLength(int type) {
        return maxFrameLength;
    }

    /**
     * Rejects a frame type that is unknown in this direction or not allowed at this point: only
     * the handshake frames before the handshake, never a HELLO after it. Throws with {@code tag}.
     */
    abstract void checkType(int type, int tag, boolean handshakeDone);

    /** Decodes a body; the caller checks that nothing is left over. */
    abstract DeviceFrame decodeBody(int type, int tag, BodyReader body);

    /** The frame's name in messages, e.g. "OPEN" or "OPEN reply". */
    abstract String frameName(int type);

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            if (state == State.HEADER) {
                if (in.readableBytes() < DeviceProtocol.HEADER_LENGTH) {
                    return;
                }
                readHeader(in);
                state = State.BODY;
            }
            if (in.readableBytes() < bodyLength) {
                return;
            }
            BodyReader body = new BodyReader(in.readSlice(bodyLength), tag, frameName(type));
            DeviceFrame frame = decodeBody(type, tag, body);
            body.requireEnd();
            handshakeDone = true;
            state = State.HEADER;
            out.add(frame);
        } catch (DeviceProtocolException e) {
            fail(in);
            throw e;
        } catch (IllegalArgumentException e) {
            fail(in);
            throw new DeviceProtocolException(Errno.EPROTO, tag,
                    "invalid " + frameName(type) + " frame: " + e.getMessage(), e);
        }
    }

    @Override
    protected final void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (state == State.BODY) {
            int received = DeviceProtocol.HEADER_LENGTH + in.readableBytes();
            fail(in);
            throw new DeviceProtocolException(Errno.EPROTO, tag, "connection closed inside a frame: "
                    + received + " of " + (DeviceProtocol.HEADER_LENGTH + bodyLength) + " bytes received");
        }
        if (in.isReadable()) {
            int received = in.readableBytes();
            fail(in);
            throw new DeviceProtocolException(Errno.EPROTO, DeviceProtocol.NO_TAG,
                    "connection closed inside a frame header: " + received + " of " + DeviceProtocol.HEADER_LENGTH
                    + " bytes received");
        }
    }

    private void readHeader(ByteBuf in) {
        long length = in.readUnsignedIntLE();
        int frameType = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        tag = in.readUnsignedShortLE();
        type = frameType;
        checkType(frameType, tag, handshakeDone);
        if (flags != 0) {
            throw new DeviceProtocolException(Errno.EPROTO, tag,
                    String.format("header flags must be 0, are 0x%02X", flags));
        }
        int limit = maxFrameLength(frameType);
        if (length > limit - DeviceProtocol.HEADER_LENGTH) {
            throw new DeviceProtocolException(Errno.EMSGSIZE, tag, frameName(frameType) + " frame of "
                    + (length + DeviceProtocol.HEADER_LENGTH) + " bytes exceeds the limit of " + limit);
        }
        bodyLength = (int) length;
    }

    private void fail(ByteBuf in) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
    }
}
