package org.mcelogjava.protocol.device.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceResponse;

/**
 * Server side: {@link DeviceResponse}s into frames (layouts in PROTOCOL.md). Every reply but HELLO
 * and PROTOCOL_ERROR starts with a u32 errno, 0 for success; only a success carries a payload.
 * Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class DeviceResponseEncoder extends MessageToByteEncoder<DeviceResponse> {

    private static final int SUCCESS = 0;

    public DeviceResponseEncoder() {
        super(DeviceResponse.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, DeviceResponse response, ByteBuf out) {
        int start = BodyWriter.begin(response, out);
        writeBody(response, out);
        BodyWriter.end(start, out);
    }

    private static void writeBody(DeviceResponse response, ByteBuf out) {
        if (response instanceof DeviceResponse.Hello h) {
            out.writeIntLE(DeviceProtocol.MAGIC).writeShortLE(h.version()).writeShortLE(h.privileged() ? 1 : 0);
            BodyWriter.string(out, h.identity());
        } else if (response instanceof DeviceResponse.ProtocolError e) {
            out.writeIntLE(e.errno().number()).writeShortLE(e.version());
            BodyWriter.string(out, e.message());
        } else if (response instanceof DeviceResponse.Failed f) {
            out.writeIntLE(f.errno().number());
        } else {
            out.writeIntLE(SUCCESS);
            writePayload(response, out);
        }
    }

    private static void writePayload(DeviceResponse response, ByteBuf out) {
        if (response instanceof DeviceResponse.Open o) {
            out.writeIntLE(o.handle());
        } else if (response instanceof DeviceResponse.Close || response instanceof DeviceResponse.InitModule
                || response instanceof DeviceResponse.DeleteModule || response instanceof DeviceResponse.Ack) {
            // a successful CLOSE, INIT_MODULE, DELETE_MODULE or ACK has no payload
        } else if (response instanceof DeviceResponse.Read r) {
            BodyWriter.bytes(out, r.data());
        } else if (response instanceof DeviceResponse.ReadHeld r) {
            out.writeLongLE(r.firstSequence());
            BodyWriter.bytes(out, r.data());
        } else if (response instanceof DeviceResponse.Stream r) {
            out.writeLongLE(r.firstSequence()).writeIntLE(r.flags());
            BodyWriter.bytes(out, r.data());
        } else if (response instanceof DeviceResponse.Write w) {
            out.writeIntLE(w.count());
        } else if (response instanceof DeviceResponse.WriteTogether w) {
            out.writeIntLE(w.returned().size());
            for (int r : w.returned()) {
                out.writeIntLE(r);
            }
        } else if (response instanceof DeviceResponse.Ioctl i) {
            out.writeIntLE(i.value());
        } else if (response instanceof DeviceResponse.Poll p) {
            out.writeShortLE(p.revents()).writeShortLE(0);
        } else if (response instanceof DeviceResponse.AttrRead a) {
            BodyWriter.bytes(out, a.value());
        } else if (response instanceof DeviceResponse.AttrWrite a) {
            out.writeIntLE(a.count());
        } else if (response instanceof DeviceResponse.AttrList l) {
            out.writeIntLE(l.entries().size());
            for (AttrEntry e : l.entries()) {
                out.writeByte(e.kind().code()).writeByte(0).writeShortLE(e.mode());
                BodyWriter.string(out, e.name());
            }
        } else {
            throw new IllegalStateException("unhandled response " + response);
        }
    }
}
