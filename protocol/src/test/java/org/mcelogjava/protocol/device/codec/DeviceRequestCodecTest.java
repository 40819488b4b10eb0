package org.mcelogjava.protocol.device.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.device.DeviceFrame;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;

/** Client-to-server frames through DeviceRequestEncoder and DeviceRequestDecoder. */
class DeviceRequestCodecTest {

    private static final byte[] HELLO = Frames.encodeRequests(List.of(Frames.CLIENT_HELLO));

    @Test
    void everyRequestTypeRoundTrips() {
        for (DeviceRequest request : Frames.requests()) {
            byte[] bytes = Frames.concat(HELLO, Frames.encodeRequests(List.of(request)));
            assertEquals(List.of(Frames.CLIENT_HELLO, request), Frames.decode(new DeviceRequestDecoder(), bytes),
                    request.toString());
        }
    }

    @Test
    void everyRequestSplitAtEveryByteDecodesTheSame() {
        for (DeviceRequest request : Frames.requests()) {
            byte[] bytes = Frames.concat(HELLO, Frames.encodeRequests(List.of(request)));
            for (int cut = 1; cut < bytes.length; cut++) {
                List<DeviceFrame> decoded = Frames.decode(new DeviceRequestDecoder(),
                        List.of(Arrays.copyOfRange(bytes, 0, cut), Arrays.copyOfRange(bytes, cut, bytes.length)));
                assertEquals(List.of(Frames.CLIENT_HELLO, request), decoded, request + " cut at " + cut);
            }
        }
    }

    @Test
    void aStreamFedOneByteAtATimeDecodesEveryFrame() {
        List<DeviceRequest> all = new ArrayList<>();
        all.add(Frames.CLIENT_HELLO);
        all.addAll(Frames.requests());
        byte[] bytes = Frames.encodeRequests(all);
        List<byte[]> single = new ArrayList<>();
        for (byte b : bytes) {
            single.add(new byte[] {b});
        }
        assertEquals(all, Frames.decode(new DeviceRequestDecoder(), single));
    }

    @Test
    void severalFramesInOneBufferAllDecode() {
        List<DeviceRequest> all = new ArrayList<>();
        all.add(Frames.CLIENT_HELLO);
        all.addAll(Frames.requests());
        assertEquals(all, Frames.decode(new DeviceRequestDecoder(), Frames.encodeRequests(all)));
    }

    @Test
    void helloHasTheDocumentedBytes() {
        byte[] expected = HexFormat.of().parseHex(
                "0f000000" + "01" + "00" + "0000"        // body length 15, HELLO, flags, tag 0
                + "4d434544" + "0100" + "0000"            // "MCED", version 1, flags 0
                + "0500" + "6d63656c6f");                 // identity "mcelo"
        assertArrayEquals(expected, Frames.encodeRequests(List.of(new DeviceRequest.Hello(0, 1, "mcelo"))));
    }

    @Test
    void openAndIoctlHaveTheDocumentedBytes() {
        byte[] open = Frames.encodeRequests(
                List.of(new DeviceRequest.Open(0x0102, OpenFlags.O_EXCL | OpenFlags.O_NONBLOCK)));
        assertArrayEquals(HexFormat.of().parseHex("04000000" + "02" + "00" + "0201" + "80080000"), open);
        byte[] ioctl = Frames.encodeRequests(List.of(new DeviceRequest.Ioctl(7, 3, McelogIoctl.MCE_GETCLEAR_FLAGS)));
        assertArrayEquals(HexFormat.of().parseHex("08000000" + "06" + "00" + "0700" + "03000000" + "034d0480"), ioctl);
    }

    @Test
    void readHeldAndAckHaveTheDocumentedBytes() {
        byte[] read = Frames.encodeRequests(List.of(new DeviceRequest.ReadHeld(9, 3, 4096)));
        assertArrayEquals(HexFormat.of().parseHex("08000000" + "0d" + "00" + "0900" + "03000000" + "00100000"), read);
        byte[] ack = Frames.encodeRequests(List.of(new DeviceRequest.Ack(10, 3, 0x1122334455L)));
        assertArrayEquals(HexFormat.of().parseHex(
                "0c000000" + "0e" + "00" + "0a00" + "03000000" + "5544332211000000"), ack);
    }

    @Test
    void writeTogetherHasTheDocumentedBytes() {
        byte[] frame = Frames.encodeRequests(List.of(
                new DeviceRequest.WriteTogether(9, 3, List.of(new byte[] {0x11, 0x22}, new byte[0]))));
        assertArrayEquals(HexFormat.of().parseHex("12000000" + "0f" + "00" + "0900" // body 18, WRITE_TOGETHER, tag 9
                + "03000000" + "02000000"                                            // handle 3, 2 writes
                + "02000000" + "1122" + "00000000"), frame);                          // 2 bytes, then 0 bytes
    }

    @Test
    void theLargestWriteTogetherFitsTheSmallestRequestLimit() {
        DeviceRequest.WriteTogether largest = new DeviceRequest.WriteTogether(1, 3, java.util.Collections.nCopies(
                DeviceProtocol.MAX_WRITES_TOGETHER, new byte[DeviceProtocol.MAX_WRITE_BYTES]));
        int length = Frames.encodeRequests(List.of(largest)).length;
        assertEquals(7936, length);
        assertTrue(length <= DeviceProtocol.MIN_MAX_REQUEST_FRAME, length + " bytes");
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.WriteTogether(1, 3, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.WriteTogether(1, 3,
                java.util.Collections.nCopies(DeviceProtocol.MAX_WRITES_TOGETHER + 1, new byte[0])));
    }

    @Test
    void theMinimumLimitAcceptsTheLongestAttributeWrite() {
        String longestPath = "/" + "a".repeat(DeviceProtocol.MAX_PATH_BYTES - 1);
        DeviceRequest.AttrWrite longest =
                new DeviceRequest.AttrWrite(1, longestPath, new byte[DeviceProtocol.PAGE_SIZE]);
        byte[] frame = Frames.encodeRequests(List.of(longest));
        assertEquals(DeviceProtocol.MIN_MAX_REQUEST_FRAME, frame.length);
        assertEquals(List.of(Frames.CLIENT_HELLO, longest), Frames.decode(
                new DeviceRequestDecoder(DeviceProtocol.MIN_MAX_REQUEST_FRAME), Frames.concat(HELLO, frame)));
    }

    @Test
    void limitBelowTheMinimumIsRefusedAtConstruction() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DeviceRequestDecoder(DeviceProtocol.MIN_MAX_REQUEST_FRAME - 1));
        assertEquals("maxFrameLength must be at least 8205: 8204", e.getMessage());
        assertEquals(DeviceProtocol.DEFAULT_MAX_REQUEST_FRAME, new DeviceRequestDecoder().maxFrameLength());
    }

    @Test
    void onlyInitModuleMayUseTheLargerModuleLimit() {
        int moduleLimit = 1 << 20;
        DeviceRequest.InitModule module = new DeviceRequest.InitModule(1, new byte[moduleLimit - 8 - 4 - 2], "");
        byte[] frame = Frames.encodeRequests(List.of(module));
        assertEquals(moduleLimit, frame.length);
        assertEquals(List.of(Frames.CLIENT_HELLO, module), Frames.decode(
                new DeviceRequestDecoder(DeviceProtocol.DEFAULT_MAX_REQUEST_FRAME, moduleLimit), Frames.concat(HELLO, frame)));

        EmbeddedChannel other = new EmbeddedChannel(
                new DeviceRequestDecoder(DeviceProtocol.DEFAULT_MAX_REQUEST_FRAME, moduleLimit));
        other.writeInbound(Unpooled.copiedBuffer(HELLO));
        DeviceProtocolException e = assertThrows(DeviceProtocolException.class, () -> other.writeInbound(
                Unpooled.copiedBuffer(HexFormat.of().parseHex("f93f0000" + "09000700")))); // ATTR_WRITE, 16385 bytes
        assertEquals("ATTR_WRITE frame of 16385 bytes exceeds the limit of 16384", e.getMessage());
        assertEquals(7, e.tag());
        other.finishAndReleaseAll();

        EmbeddedChannel big = new EmbeddedChannel(
                new DeviceRequestDecoder(DeviceProtocol.DEFAULT_MAX_REQUEST_FRAME, moduleLimit));
        big.writeInbound(Unpooled.copiedBuffer(HELLO));
        e = assertThrows(DeviceProtocolException.class, () -> big.writeInbound(
                Unpooled.copiedBuffer(HexFormat.of().parseHex("f9ff0f00" + "0b000800")))); // INIT_MODULE, 2^20 + 1
        assertEquals("INIT_MODULE frame of 1048577 bytes exceeds the limit of 1048576", e.getMessage());
        assertEquals(8, e.tag());
        big.finishAndReleaseAll();

        assertThrows(IllegalArgumentException.class,
                () -> new DeviceRequestDecoder(DeviceProtocol.DEFAULT_MAX_REQUEST_FRAME, DeviceProtocol.MIN_MAX_REQUEST_FRAME));
    }
}
