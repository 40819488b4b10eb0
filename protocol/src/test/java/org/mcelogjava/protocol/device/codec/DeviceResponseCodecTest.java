package org.mcelogjava.protocol.device.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.device.DeviceFrame;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.Operation;
import org.mcelogjava.protocol.mce.MceLayout;

/** Server-to-client frames through DeviceResponseEncoder and DeviceResponseDecoder. */
class DeviceResponseCodecTest {

    private static final byte[] HELLO = Frames.encodeResponses(List.of(Frames.SERVER_HELLO));

    @Test
    void everyResponseTypeRoundTrips() {
        for (DeviceResponse response : Frames.responses()) {
            byte[] bytes = Frames.concat(HELLO, Frames.encodeResponses(List.of(response)));
            assertEquals(List.of(Frames.SERVER_HELLO, response), Frames.decode(new DeviceResponseDecoder(), bytes),
                    response.toString());
        }
    }

    @Test
    void everyResponseSplitAtEveryByteDecodesTheSame() {
        for (DeviceResponse response : Frames.responses()) {
            byte[] bytes = Frames.concat(HELLO, Frames.encodeResponses(List.of(response)));
            for (int cut = 1; cut < bytes.length; cut++) {
                List<DeviceFrame> decoded = Frames.decode(new DeviceResponseDecoder(),
                        List.of(Arrays.copyOfRange(bytes, 0, cut), Arrays.copyOfRange(bytes, cut, bytes.length)));
                assertEquals(List.of(Frames.SERVER_HELLO, response), decoded, response + " cut at " + cut);
            }
        }
    }

    @Test
    void severalFramesInOneBufferAllDecode() {
        List<DeviceResponse> all = new ArrayList<>();
        all.add(Frames.SERVER_HELLO);
        all.addAll(Frames.responses());
        assertEquals(all, Frames.decode(new DeviceResponseDecoder(), Frames.encodeResponses(all)));
    }

    @Test
    void aFailureIsTheErrnoAlone() {
        byte[] bytes = Frames.encodeResponses(List.of(new DeviceResponse.Failed(9, Operation.OPEN, Errno.EBUSY)));
        assertArrayEquals(HexFormat.of().parseHex("04000000" + "82" + "00" + "0900" + "10000000"), bytes);
    }

    @Test
    void aHeldReadCarriesItsFirstSequenceNumberBeforeTheData() {
        byte[] bytes = Frames.encodeResponses(List.of(new DeviceResponse.ReadHeld(9, 7, new byte[] {1, 2})));
        assertArrayEquals(HexFormat.of().parseHex("12000000" + "8d" + "00" + "0900" + "00000000"
                + "0700000000000000" + "02000000" + "0102"), bytes);
    }

    @Test
    void aProtocolErrorMayComeInsteadOfTheServerHello() {
        DeviceResponse.ProtocolError refusal = new DeviceResponse.ProtocolError(0, Errno.EPROTONOSUPPORT, 1, "no");
        assertEquals(List.of(refusal), Frames.decode(new DeviceResponseDecoder(),
                Frames.encodeResponses(List.of(refusal))));
    }

    @Test
    void theDefaultLimitHoldsAFullLogOf8192Slots() {
        DeviceResponse.Read full =
                new DeviceResponse.Read(1, new byte[DeviceProtocol.DEFAULT_MAX_LOG_LENGTH * MceLayout.SIZE]);
        byte[] frame = Frames.encodeResponses(List.of(full));
        assertEquals(DeviceProtocol.DEFAULT_MAX_RESPONSE_FRAME, frame.length);
        assertEquals(List.of(Frames.SERVER_HELLO, full),
                Frames.decode(new DeviceResponseDecoder(), Frames.concat(HELLO, frame)));
    }

    @Test
    void aReplyBeyondTheLimitFailsBeforeItsBodyArrives() {
        EmbeddedChannel channel = new EmbeddedChannel(new DeviceResponseDecoder(DeviceProtocol.MIN_MAX_RESPONSE_FRAME));
        channel.writeInbound(Unpooled.copiedBuffer(HELLO));
        byte[] header = HexFormat.of().parseHex("09100000" + "84" + "00" + "0100"); // body 4105: one byte too many
        DeviceProtocolException e = assertThrows(DeviceProtocolException.class,
                () -> channel.writeInbound(Unpooled.copiedBuffer(header)));
        assertEquals(Errno.EMSGSIZE, e.errno());
        assertEquals("READ reply frame of 4113 bytes exceeds the limit of 4112", e.getMessage());
        assertEquals(1, e.tag());
        channel.finishAndReleaseAll();
    }

    @Test
    void unknownErrnoAndBadServerVersionAreProtocolErrors() {
        byte[] unknownErrno = HexFormat.of().parseHex("04000000" + "82" + "00" + "0100" + "c8000000");
        DeviceProtocolException e = assertThrows(DeviceProtocolException.class,
                () -> Frames.decode(new DeviceResponseDecoder(), Frames.concat(HELLO, unknownErrno)));
        assertEquals("invalid OPEN reply frame: unknown errno 200", e.getMessage());

        byte[] version2 = HexFormat.of().parseHex(
                "0a000000" + "81" + "00" + "0000" + "4d434544" + "0200" + "0000" + "0000");
        DeviceProtocolException v = assertThrows(DeviceProtocolException.class,
                () -> Frames.decode(new DeviceResponseDecoder(), version2));
        assertEquals(Errno.EPROTONOSUPPORT, v.errno());
        assertEquals("server speaks protocol version 2; this client speaks version 1", v.getMessage());
    }

    @Test
    void aWriteTogetherReplySaysWhatEachWriteReturned() {
        byte[] frame = Frames.encodeResponses(List.of(new DeviceResponse.WriteTogether(9, List.of(72, -22))));
        assertArrayEquals(HexFormat.of().parseHex("10000000" + "8f" + "00" + "0900" // body 16, reply, tag 9
                + "00000000" + "02000000"                                            // errno 0, 2 writes
                + "48000000" + "eaffffff"), frame);                                   // 72 bytes, -EINVAL
        DeviceResponse.WriteTogether decoded = (DeviceResponse.WriteTogether)
                Frames.decode(new DeviceResponseDecoder(), Frames.concat(HELLO, frame)).get(1);
        assertEquals(Optional.empty(), decoded.errno(0));
        assertEquals(Optional.of(Errno.EINVAL), decoded.errno(1));
    }

    @Test
    void aWriteTogetherReplyWithAnUnknownErrnoOrTooManyBytesIsMalformed() {
        byte[] unknown = HexFormat.of().parseHex("0c000000" + "8f000100" + "00000000" + "01000000" + "38ffffff");
        DeviceProtocolException e = assertThrows(DeviceProtocolException.class,
                () -> Frames.decode(new DeviceResponseDecoder(), Frames.concat(HELLO, unknown)));
        assertEquals("invalid WRITE_TOGETHER reply frame: unknown errno 200", e.getMessage());
        byte[] tooMany = HexFormat.of().parseHex("0c000000" + "8f000100" + "00000000" + "01000000" + "81000000");
        DeviceProtocolException m = assertThrows(DeviceProtocolException.class,
                () -> Frames.decode(new DeviceResponseDecoder(), Frames.concat(HELLO, tooMany)));
        assertEquals("invalid WRITE_TOGETHER reply frame: write 0 returned 129 bytes, more than 128", m.getMessage());
    }

    @Test
    void aReplyBeforeTheServerHelloIsRefused() {
        byte[] open = Frames.encodeResponses(List.of(new DeviceResponse.Open(1, 3)));
        DeviceProtocolException e = assertThrows(DeviceProtocolException.class,
                () -> Frames.decode(new DeviceResponseDecoder(), open));
        assertEquals("expected HELLO reply (type 0x81) as the first frame, got type 0x82", e.getMessage());
        assertInstanceOf(io.netty.handler.codec.DecoderException.class, e);
    }
}
