package org.mcelogjava.protocol.device.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.mcelogjava.protocol.device.Errno;

/**
 * Reads the fields of one frame body, which the decoder has already cut to its announced length.
 * Running past the body is a truncated frame; leaving bytes behind is a malformed one.
 */
final class BodyReader {

    private final ByteBuf body;
    private final int tag;
    private final String frame;

    BodyReader(ByteBuf body, int tag, String frame) {
        this.body = body;
        this.tag = tag;
        this.frame = frame;
    }

    int u8() {
        need(1);
        return body.readUnsignedByte();
    }

    int u16() {
        need(2);
        return body.readUnsignedShortLE();
    }

    int i32() {
        need(4);
        return body.readIntLE();
    }

    /** A u32 that Java holds in an int: values of 2<sup>31</sup> and more are invalid. */
    int u31(String field) {
        need(4);
        long value = body.readUnsignedIntLE();
        if (value > Integer.MAX_VALUE) {
            throw invalid(field + " " + value + " exceeds 2^31-1");
        }
        return (int) value;
    }

    /** A u64 that Java holds in a long: values of 2<sup>63</sup> and more are invalid. */
    long u63(String field) {
        need(8);
        long value = body.readLongLE();
        if (value < 0) {
            throw invalid(field + " " + Long.toUnsignedString(value) + " exceeds 2^63-1");
        }
        return value;
    }

    /** A u32 length followed by that many bytes. */
    byte[] bytes(String field) {
        int length = u31(field + " length");
        need(length);
        byte[] out = new byte[length];
        body.readBytes(out);
        return out;
    }

    /** A u16 length followed by that many bytes of UTF-8. */
    String string(String field) {
        int length = u16();
        need(length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(body.readSlice(length).nioBuffer())
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DeviceProtocolException(Errno.EPROTO, tag, frame + " frame: " + field + " is not UTF-8", e);
        }
    }

    /** A reserved field: must be zero. */
    void reserved(int value, String field) {
        if (value != 0) {
            throw invalid(field + " must be 0, is " + value);
        }
    }

    void requireEnd() {
        if (body.isReadable()) {
            throw new DeviceProtocolException(Errno.EPROTO, tag,
                    frame + " frame has " + body.readableBytes() + " trailing bytes");
        }
    }

    DeviceProtocolException invalid(String what) {
        return new DeviceProtocolException(Errno.EPROTO, tag, "invalid " + frame + " frame: " + what);
    }

    private void need(int bytes) {
        if (body.readableBytes() < bytes) {
            throw new DeviceProtocolException(Errno.EPROTO, tag, "truncated " + frame + " frame: "
                    + (bytes - body.readableBytes()) + " bytes missing");
        }
    }
}
