package org.mcelogjava.protocol.device.codec;

import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.DeviceFrame;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.Operation;

/**
 * Client side: bytes from a server into {@link DeviceResponse}s. The first frame must be the
 * server's HELLO (with the magic and {@link DeviceProtocol#VERSION}) or a PROTOCOL_ERROR. Anything
 * malformed throws {@link DeviceProtocolException} and discards the rest; a client should then close
 * the connection, as the server would have broken the protocol.
 */
public final class DeviceResponseDecoder extends FrameDecoder {

    /** A decoder with {@link DeviceProtocol#DEFAULT_MAX_RESPONSE_FRAME}. */
    public DeviceResponseDecoder() {
        this(DeviceProtocol.DEFAULT_MAX_RESPONSE_FRAME);
    }

    /**
     * @param maxFrameLength largest response frame accepted, header included; at least
     *                       {@link DeviceProtocol#MIN_MAX_RESPONSE_FRAME}. A READ reply for a log of
     *                       {@code len} slots needs {@link DeviceProtocol#readResponseFrameLength}.
     */
    public DeviceResponseDecoder(int maxFrameLength) {
        super(maxFrameLength, DeviceProtocol.MIN_MAX_RESPONSE_FRAME);
    }

    @Override
    void checkType(int type, int tag, boolean handshakeDone) {
        if (type == DeviceProtocol.PROTOCOL_ERROR_TYPE) {
            return;
        }
        Operation op = Operation.fromResponseType(type).orElseThrow(() -> new DeviceProtocolException(
                Errno.EPROTO, tag, String.format("unknown response type 0x%02X", type)));
        if (!handshakeDone && op != Operation.HELLO) {
            throw new DeviceProtocolException(Errno.EPROTO, tag,
                    String.format("expected HELLO reply (type 0x81) as the first frame, got type 0x%02X", type));
        }
        if (handshakeDone && op == Operation.HELLO) {
            throw new DeviceProtocolException(Errno.EPROTO, tag, "HELLO reply after the handshake");
        }
    }

    @Override
    String frameName(int type) {
        if (type == DeviceProtocol.PROTOCOL_ERROR_TYPE) {
            return "PROTOCOL_ERROR";
        }
        return Operation.fromResponseType(type).map(op -> op.name() + " reply").orElse("unknown");
    }

    @Override
    DeviceFrame decodeBody(int type, int tag, BodyReader body) {
        if (type == DeviceProtocol.PROTOCOL_ERROR_TYPE) {
            Errno errno = errno(body, body.i32());
            int version = body.u16();
            return new DeviceResponse.ProtocolError(tag, errno, version, body.string("message"));
        }
        Operation op = Operation.fromResponseType(type).orElseThrow();
        if (op == Operation.HELLO) {
            return hello(tag, body);
        }
        int number = body.i32();
        if (number != 0) {
            return new DeviceResponse.Failed(tag, op, errno(body, number));
        }
        return switch (op) {
            case HELLO -> throw new IllegalStateException("handled above");
            case OPEN -> new DeviceResponse.Open(tag, body.i32());
            case CLOSE -> new DeviceResponse.Close(tag);
            case READ -> new DeviceResponse.Read(tag, body.bytes("data"));
            case WRITE -> new DeviceResponse.Write(tag, body.u31("count"));
            case IOCTL -> new DeviceResponse.Ioctl(tag, body.i32());
            case POLL -> poll(tag, body);
            case ATTR_READ -> new DeviceResponse.AttrRead(tag, body.bytes("value"));
            case ATTR_WRITE -> new DeviceResponse.AttrWrite(tag, body.u31("count"));
            case ATTR_LIST -> attrList(tag, body);
            case INIT_MODULE -> new DeviceResponse.InitModule(tag);
            case DELETE_MODULE -> new DeviceResponse.DeleteModule(tag);
            case READ_HELD -> new DeviceResponse.ReadHeld(tag, body.u63("firstSequence"), body.bytes("data"));
            case ACK -> new DeviceResponse.Ack(tag);
            case WRITE_TOGETHER -> writeTogether(tag, body);
            case STREAM -> new DeviceResponse.Stream(tag, body.u63("firstSequence"), body.i32(), body.bytes("data"));
        };
    }

    private static Errno errno(BodyReader body, int number) {
        return Errno.fromNumber(number)
                .orElseThrow(() -> body.invalid("unknown errno " + Integer.toUnsignedString(number)));
    }

    private static DeviceResponse hello(int tag, BodyReader body) {
        int magic = body.i32();
        if (magic != DeviceProtocol.MAGIC) {
            throw body.invalid(
                    String.format("bad magic 0x%08X; expected 0x%08X (\"MCED\")", magic, DeviceProtocol.MAGIC));
        }
        int version = body.u16();
        if (version != DeviceProtocol.VERSION) {
            throw new DeviceProtocolException(Errno.EPROTONOSUPPORT, tag, "server speaks protocol version "
                    + version + "; this client speaks version " + DeviceProtocol.VERSION);
        }
        int flags = body.u16();
        if ((flags & ~1) != 0) {
            throw body.invalid(String.format("unknown HELLO flags 0x%04X", flags));
        }
        return new DeviceResponse.Hello(tag, version, flags == 1, body.string("identity"));
    }

    private static DeviceResponse writeTogether(int tag, BodyReader body) {
        int count = body.u31("count");
        if (count < 1 || count > DeviceProtocol.MAX_WRITES_TOGETHER) {
            throw body.invalid("count " + count + " is not 1.." + DeviceProtocol.MAX_WRITES_TOGETHER);
        }
        List<Integer> returned = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int r = body.i32();
            if (r > DeviceProtocol.MAX_WRITE_BYTES) {
                throw body.invalid("write " + i + " returned " + r + " bytes, more than "
                        + DeviceProtocol.MAX_WRITE_BYTES);
            }
            if (r < 0) {
                errno(body, -r);
            }
            returned.add(r);
        }
        return new DeviceResponse.WriteTogether(tag, returned);
    }

    private static DeviceResponse poll(int tag, BodyReader body) {
        int revents = body.u16();
        body.reserved(body.u16(), "reserved");
        return new DeviceResponse.Poll(tag, revents);
    }

    private static DeviceResponse attrList(int tag, BodyReader body) {
        int count = body.u31("entry count");
        List<AttrEntry> entries = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            int code = body.u8();
            AttrEntry.Kind kind = AttrEntry.Kind.fromCode(code)
                    .orElseThrow(() -> body.invalid("unknown entry kind " + code));
            body.reserved(body.u8(), "reserved");
            int mode = body.u16();
            entries.add(new AttrEntry(body.string("name"), kind, mode));
        }
        return new DeviceResponse.AttrList(tag, entries);
    }
}
