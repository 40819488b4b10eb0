package org.mcelogjava.protocol.device.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceRequest;

/** Client side: {@link DeviceRequest}s into frames (layouts in PROTOCOL.md). Stateless and sharable. */
@ChannelHandler.Sharable
public final class DeviceRequestEncoder extends MessageToByteEncoder<DeviceRequest> {

    public DeviceRequestEncoder() {
        super(DeviceRequest.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, DeviceRequest request, ByteBuf out) {
        int start = BodyWriter.begin(request, out);
        writeBody(request, out);
        BodyWriter.end(start, out);
    }

    private static void writeBody(DeviceRequest request, ByteBuf out) {
        if (request instanceof DeviceRequest.Hello h) {
            out.writeIntLE(DeviceProtocol.MAGIC).writeShortLE(h.version()).writeShortLE(0);
            BodyWriter.string(out, h.identity());
        } else if (request instanceof DeviceRequest.Open o) {
            out.writeIntLE(o.flags());
        } else if (request instanceof DeviceRequest.Close c) {
            out.writeIntLE(c.handle());
        } else if (request instanceof DeviceRequest.Read r) {
            out.writeIntLE(r.handle()).writeIntLE(r.count());
        } else if (request instanceof DeviceRequest.ReadHeld r) {
            out.writeIntLE(r.handle()).writeIntLE(r.count());
        } else if (request instanceof DeviceRequest.Stream s) {
            out.writeIntLE(s.handle()).writeIntLE(s.window());
        } else if (request instanceof DeviceRequest.Ack a) {
            out.writeIntLE(a.handle()).writeLongLE(a.upTo());
        } else if (request instanceof DeviceRequest.Write w) {
            out.writeIntLE(w.handle());
            BodyWriter.bytes(out, w.data());
        } else if (request instanceof DeviceRequest.WriteTogether w) {
            out.writeIntLE(w.handle()).writeIntLE(w.writes().size());
            for (byte[] data : w.writes()) {
                BodyWriter.bytes(out, data);
            }
        } else if (request instanceof DeviceRequest.Ioctl i) {
            out.writeIntLE(i.handle()).writeIntLE(i.command());
        } else if (request instanceof DeviceRequest.Poll p) {
            out.writeIntLE(p.handle()).writeShortLE(p.events()).writeShortLE(0).writeIntLE(p.timeoutMillis());
        } else if (request instanceof DeviceRequest.AttrRead a) {
            BodyWriter.string(out, a.path());
        } else if (request instanceof DeviceRequest.AttrWrite a) {
            BodyWriter.string(out, a.path());
            BodyWriter.bytes(out, a.value());
        } else if (request instanceof DeviceRequest.AttrList a) {
            BodyWriter.string(out, a.path());
        } else if (request instanceof DeviceRequest.InitModule m) {
            BodyWriter.bytes(out, m.image());
            BodyWriter.string(out, m.params());
        } else if (request instanceof DeviceRequest.DeleteModule m) {
            BodyWriter.string(out, m.name());
            out.writeIntLE(m.flags());
        } else {
            throw new IllegalStateException("unhandled request " + request);
        }
    }
}
