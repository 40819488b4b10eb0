package org.mcelogjava.protocol.device.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.mcelogjava.protocol.device.DeviceFrame;
import org.mcelogjava.protocol.device.DeviceProtocol;

/** Writes frames: the header, then a body whose length is patched into the header at the end. */
final class BodyWriter {

    private BodyWriter() {
    }

    /** Writes the header with a zero length and returns the index to pass to {@link #end}. */
    static int begin(DeviceFrame frame, ByteBuf out) {
        int start = out.writerIndex();
        out.writeIntLE(0);
        out.writeByte(frame.frameType());
        out.writeByte(0);
        out.writeShortLE(frame.tag());
        return start;
    }

    static void end(int start, ByteBuf out) {
        out.setIntLE(start, out.writerIndex() - start - DeviceProtocol.HEADER_LENGTH);
    }

    /** u16 length, then UTF-8 bytes (the frame records have checked the limits). */
    static void string(ByteBuf out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeShortLE(bytes.length);
        out.writeBytes(bytes);
    }

    /** u32 length, then the bytes. */
    static void bytes(ByteBuf out, byte[] bytes) {
        out.writeIntLE(bytes.length);
        out.writeBytes(bytes);
    }
}
