package org.mcelogjava.protocol.device.codec;

import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.protocol.device.DeviceFrame;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.Operation;

/**
 * Server side: bytes from a client into {@link DeviceRequest}s. The first frame must be a HELLO with
 * the magic and {@link DeviceProtocol#VERSION}; a later HELLO, an unknown type, a frame larger than
 * the limit or an invalid field throws {@link DeviceProtocolException} and discards the rest of the
 * stream. Put a {@link ProtocolErrorHandler} at the end of the pipeline to answer and close.
 *
 * <p>Two limits, checked on the header before the body arrives (PROTOCOL.md §2): one for every
 * request, and a larger one for INIT_MODULE, whose body is a whole module image.
 */
public final class DeviceRequestDecoder extends FrameDecoder {

    private final int maxModuleFrameLength;

    /** A decoder with {@link DeviceProtocol#DEFAULT_MAX_REQUEST_FRAME} for every request. */
    public DeviceRequestDecoder() {
        this(DeviceProtocol.DEFAULT_MAX_REQUEST_FRAME);
    }

    /**
     * @param maxFrameLength largest request frame accepted, header included; at least
     *                       {@link DeviceProtocol#MIN_MAX_REQUEST_FRAME}
     */
    public DeviceRequestDecoder(int maxFrameLength) {
        this(maxFrameLength, maxFrameLength);
    }

    /**
     * @param maxFrameLength       largest request frame accepted, header included; at least
     *                             {@link DeviceProtocol#MIN_MAX_REQUEST_FRAME}
     * @param maxModuleFrameLength largest INIT_MODULE frame accepted; at least {@code maxFrameLength}
     */
    public DeviceRequestDecoder(int maxFrameLength, int maxModuleFrameLength) {
        super(maxFrameLength, DeviceProtocol.MIN_MAX_REQUEST_FRAME);
        if (maxModuleFrameLength < maxFrameLength) {
            throw new IllegalArgumentException("maxModuleFrameLength must be at least maxFrameLength "
                    + maxFrameLength + ": " + maxModuleFrameLength);
        }
        this.maxModuleFrameLength = maxModuleFrameLength;
    }

    @Override
    int maxFrameLength(int type) {
        return type == Operation.INIT_MODULE.requestType() ? maxModuleFrameLength : maxFrameLength();
    }

    @Override
    void checkType(int type, int tag, boolean handshakeDone) {
        Operation op = Operation.fromRequestType(type).orElseThrow(() -> new DeviceProtocolException(
                Errno.EPROTO, tag, String.format("unknown request type 0x%02X", type)));
        if (!handshakeDone && op != Operation.HELLO) {
            throw new DeviceProtocolException(Errno.EPROTO, tag,
                    String.format("expected HELLO (type 0x01) as the first frame, got type 0x%02X", type));
        }
        if (handshakeDone && op == Operation.HELLO) {
            throw new DeviceProtocolException(Errno.EPROTO, tag, "HELLO after the handshake");
        }
    }

    @Override
    String frameName(int type) {
        return Operation.fromRequestType(type).map(Operation::name).orElse("unknown");
    }

    @Override
    DeviceFrame decodeBody(int type, int tag, BodyReader body) {
        Operation op = Operation.fromRequestType(type).orElseThrow();
        return switch (op) {
            case HELLO -> hello(tag, body);
            case OPEN -> new DeviceRequest.Open(tag, body.i32());
            case CLOSE -> new DeviceRequest.Close(tag, body.i32());
            case READ -> new DeviceRequest.Read(tag, body.i32(), body.u31("count"));
            case WRITE -> new DeviceRequest.Write(tag, body.i32(), body.bytes("data"));
            case IOCTL -> new DeviceRequest.Ioctl(tag, body.i32(), body.i32());
            case POLL -> poll(tag, body);
            case ATTR_READ -> new DeviceRequest.AttrRead(tag, body.string("path"));
            case ATTR_WRITE -> new DeviceRequest.AttrWrite(tag, body.string("path"), body.bytes("value"));
            case ATTR_LIST -> new DeviceRequest.AttrList(tag, body.string("path"));
            case INIT_MODULE -> new DeviceRequest.InitModule(tag, body.bytes("image"), body.string("params"));
            case DELETE_MODULE -> new DeviceRequest.DeleteModule(tag, body.string("name"), body.i32());
            case READ_HELD -> new DeviceRequest.ReadHeld(tag, body.i32(), body.u31("count"));
            case ACK -> new DeviceRequest.Ack(tag, body.i32(), body.u63("upTo"));
            case WRITE_TOGETHER -> writeTogether(tag, body);
            case STREAM -> new DeviceRequest.Stream(tag, body.i32(), body.u31("window"));
        };
    }

    private static DeviceRequest hello(int tag, BodyReader body) {
        int magic = body.i32();
        if (magic != DeviceProtocol.MAGIC) {
            throw new DeviceProtocolException(Errno.EPROTO, tag, String.format(
                    "bad magic 0x%08X in HELLO; expected 0x%08X (\"MCED\")", magic, DeviceProtocol.MAGIC));
        }
        int version = body.u16();
        if (version != DeviceProtocol.VERSION) {
            throw new DeviceProtocolException(Errno.EPROTONOSUPPORT, tag, "unsupported protocol version "
                    + version + "; this server speaks version " + DeviceProtocol.VERSION);
        }
        body.reserved(body.u16(), "HELLO flags");
        return new DeviceRequest.Hello(tag, version, body.string("identity"));
    }

    private static DeviceRequest writeTogether(int tag, BodyReader body) {
        int handle = body.i32();
        int count = body.u31("count");
        if (count < 1 || count > DeviceProtocol.MAX_WRITES_TOGETHER) {
            throw body.invalid("count " + count + " is not 1.." + DeviceProtocol.MAX_WRITES_TOGETHER);
        }
        List<byte[]> writes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            writes.add(body.bytes("data"));
        }
        return new DeviceRequest.WriteTogether(tag, handle, writes);
    }

    private static DeviceRequest poll(int tag, BodyReader body) {
        int handle = body.i32();
        int events = body.u16();
        body.reserved(body.u16(), "reserved");
        return new DeviceRequest.Poll(tag, handle, events, body.i32());
    }
}
