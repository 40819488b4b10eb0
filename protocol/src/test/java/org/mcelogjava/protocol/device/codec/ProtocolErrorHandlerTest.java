package org.mcelogjava.protocol.device.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcelogjava.protocol.device.DeviceFrame;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Errno;

/**
 * Malformed input on the server: the decoder throws, ProtocolErrorHandler answers with one
 * PROTOCOL_ERROR and closes, and nothing leaks.
 */
class ProtocolErrorHandlerTest {

    private static final String HELLO = HexFormat.of().formatHex(Frames.encodeRequests(List.of(Frames.CLIENT_HELLO)));

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("HTTP instead of HELLO", "474554202f20485454502f312e310d0a",
                        Errno.EPROTO, "unknown request type 0x2F", 0x5448),
                Arguments.of("OPEN before HELLO", "04000000" + "02000100" + "00000000",
                        Errno.EPROTO, "expected HELLO (type 0x01) as the first frame, got type 0x02", 1),
                Arguments.of("bad magic", "0a000000" + "01000000" + "4d434558" + "0100" + "0000" + "0000",
                        Errno.EPROTO, "bad magic 0x5845434D in HELLO; expected 0x4445434D (\"MCED\")", 0),
                Arguments.of("unknown version", "0a000000" + "01000000" + "4d434544" + "0700" + "0000" + "0000",
                        Errno.EPROTONOSUPPORT, "unsupported protocol version 7; this server speaks version 1", 0),
                Arguments.of("second HELLO", HELLO + HELLO, Errno.EPROTO, "HELLO after the handshake", 0),
                Arguments.of("oversized length", HELLO + "ffffff7f" + "04000100",
                        Errno.EMSGSIZE, "READ frame of 2147483655 bytes exceeds the limit of 16384", 1),
                Arguments.of("length just over the limit", HELLO + "f93f0000" + "09000100",
                        Errno.EMSGSIZE, "ATTR_WRITE frame of 16385 bytes exceeds the limit of 16384", 1),
                Arguments.of("unknown type", HELLO + "00000000" + "42000100",
                        Errno.EPROTO, "unknown request type 0x42", 1),
                Arguments.of("response type from a client", HELLO + "04000000" + "82000100" + "00000000",
                        Errno.EPROTO, "unknown request type 0x82", 1),
                Arguments.of("header flags", HELLO + "04000000" + "03010100" + "03000000",
                        Errno.EPROTO, "header flags must be 0, are 0x01", 1),
                Arguments.of("truncated string", HELLO + "04000000" + "08000500" + "3200" + "2f73",
                        Errno.EPROTO, "truncated ATTR_READ frame: 48 bytes missing", 5),
                Arguments.of("truncated fixed field", HELLO + "06000000" + "04000500" + "03000000" + "0010",
                        Errno.EPROTO, "truncated READ frame: 2 bytes missing", 5),
                Arguments.of("trailing bytes", HELLO + "06000000" + "03000500" + "03000000" + "0000",
                        Errno.EPROTO, "CLOSE frame has 2 trailing bytes", 5),
                Arguments.of("invalid open flags", HELLO + "04000000" + "02000500" + "03000000",
                        Errno.EPROTO, "invalid OPEN frame: invalid open flags 0x3", 5),
                Arguments.of("unknown open flag", HELLO + "04000000" + "02000500" + "00000100",
                        Errno.EPROTO, "invalid OPEN frame: invalid open flags 0x10000", 5),
                Arguments.of("reserved tag", HELLO + "04000000" + "0300ffff" + "03000000",
                        Errno.EPROTO, "invalid CLOSE frame: request tag must be in 0..0xFFFE: 65535", 0xFFFF),
                Arguments.of("poll timeout below -1",
                        HELLO + "0c000000" + "07000500" + "03000000" + "01000000" + "feffffff",
                        Errno.EPROTO, "invalid POLL frame: poll timeout must be >= -1: -2", 5),
                Arguments.of("poll reserved field",
                        HELLO + "0c000000" + "07000500" + "03000000" + "01000100" + "ffffffff",
                        Errno.EPROTO, "invalid POLL frame: reserved must be 0, is 1", 5),
                Arguments.of("read count above 2^31-1", HELLO + "08000000" + "04000500" + "03000000" + "00000080",
                        Errno.EPROTO, "invalid READ frame: count 2147483648 exceeds 2^31-1", 5),
                Arguments.of("ack above 2^63-1", HELLO + "0c000000" + "0e000500" + "03000000" + "ffffffffffffffff",
                        Errno.EPROTO, "invalid ACK frame: upTo 18446744073709551615 exceeds 2^63-1", 5),
                Arguments.of("write of 129 bytes",
                        HELLO + "89000000" + "05000500" + "03000000" + "81000000" + "00".repeat(129),
                        Errno.EPROTO, "invalid WRITE frame: data is 129 bytes, limit 128", 5),
                Arguments.of("write-together of no writes", HELLO + "08000000" + "0f000500" + "03000000" + "00000000",
                        Errno.EPROTO, "invalid WRITE_TOGETHER frame: count 0 is not 1..60", 5),
                Arguments.of("write-together of 61 writes",
                        HELLO + "08000000" + "0f000500" + "03000000" + "3d000000",
                        Errno.EPROTO, "invalid WRITE_TOGETHER frame: count 61 is not 1..60", 5),
                Arguments.of("write-together with a write of 129 bytes",
                        HELLO + "8d000000" + "0f000500" + "03000000" + "01000000" + "81000000" + "00".repeat(129),
                        Errno.EPROTO, "invalid WRITE_TOGETHER frame: data is 129 bytes, limit 128", 5),
                Arguments.of("write-together with fewer writes than it counts",
                        HELLO + "0e000000" + "0f000500" + "03000000" + "02000000" + "02000000" + "1122",
                        Errno.EPROTO, "truncated WRITE_TOGETHER frame: 4 bytes missing", 5),
                Arguments.of("path not UTF-8", HELLO + "04000000" + "08000500" + "0200" + "2fff",
                        Errno.EPROTO, "ATTR_READ frame: path is not UTF-8", 5),
                Arguments.of("relative path", HELLO + "05000000" + "0a000500" + "0300" + "737973",
                        Errno.EPROTO, "invalid ATTR_LIST frame: path must be absolute: sys", 5),
                Arguments.of("NUL in path", HELLO + "04000000" + "08000500" + "0200" + "2f00",
                        Errno.EPROTO, "invalid ATTR_READ frame: path must not contain NUL", 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedInputIsAnsweredWithOneProtocolErrorAndClose(String name, String hex, Errno errno, String message,
                                                              int tag) {
        ServerPipeline server = new ServerPipeline().feed(HexFormat.of().parseHex(hex)).feed(new byte[] {1, 2, 3});

        List<DeviceFrame> replies = Frames.decode(new DeviceResponseDecoder(), server.written());
        assertEquals(1, replies.size(), "one reply");
        DeviceResponse.ProtocolError error = assertInstanceOf(DeviceResponse.ProtocolError.class, replies.get(0));
        assertEquals(errno, error.errno());
        assertEquals(message, error.message());
        assertEquals(tag, error.tag(), "the offending frame's tag");
        assertEquals(DeviceProtocol.VERSION, error.version());
        assertFalse(server.channel.isOpen(), "closed");
        assertEquals(1, server.reported.size());
        assertInstanceOf(DeviceProtocolException.class, server.reported.get(0));
        server.finishWithoutLeaks();
    }

    @Test
    void theErrorCarriesTheOffendingTagOnceTheHeaderWasValid() {
        ServerPipeline server = new ServerPipeline()
                .feed(HexFormat.of().parseHex(HELLO + "04000000" + "02002a00" + "03000000"));
        DeviceResponse.ProtocolError error = (DeviceResponse.ProtocolError) Frames.decode(
                new DeviceResponseDecoder(), server.written()).get(0);
        assertEquals(0x2a, error.tag());
        server.finishWithoutLeaks();
    }

    @Test
    void framesBeforeTheGarbageAreDelivered() {
        byte[] good = Frames.encodeRequests(List.of(Frames.CLIENT_HELLO, new DeviceRequest.Open(1, 0)));
        ServerPipeline server = new ServerPipeline().feed(Frames.concat(good, new byte[] {0, 0, 0, 0, 0x55, 0, 0, 0}));
        assertEquals(List.of(Frames.CLIENT_HELLO, new DeviceRequest.Open(1, 0)), server.requests());
        assertEquals(0, ((DeviceResponse.ProtocolError) Frames.decode(
                new DeviceResponseDecoder(), server.written()).get(0)).tag(), "the garbage header's tag bytes");
        assertFalse(server.channel.isOpen());
        server.finishWithoutLeaks();
    }

    @Test
    void aConnectionEndingInsideAFrameIsReportedWithoutAReply() {
        byte[] hello = Frames.encodeRequests(List.of(Frames.CLIENT_HELLO));
        ServerPipeline server = new ServerPipeline().feed(java.util.Arrays.copyOf(hello, hello.length - 1));
        assertTrue(server.channel.isOpen());
        server.channel.close();
        assertEquals(0, server.written().length);
        assertEquals(1, server.reported.size());
        assertEquals("connection closed inside a frame: 30 of 31 bytes received", server.reported.get(0).getMessage());
        server.finishWithoutLeaks();
    }

    @Test
    void anyOtherExceptionBecomesAnInternalErrorAndClose() {
        ChannelInboundHandlerAdapter failing = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                throw new IllegalStateException("bug in the server");
            }
        };
        ServerPipeline server = new ServerPipeline(failing).feed(Frames.encodeRequests(List.of(Frames.CLIENT_HELLO)));
        DeviceResponse.ProtocolError error = (DeviceResponse.ProtocolError) Frames.decode(
                new DeviceResponseDecoder(), server.written()).get(0);
        assertEquals(Errno.EIO, error.errno());
        assertEquals("internal error", error.message());
        assertEquals("bug in the server", server.reported.get(0).getMessage());
        assertFalse(server.channel.isOpen());
        server.finishWithoutLeaks();
    }
}
