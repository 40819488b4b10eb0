package org.mcelogjava.protocol.device.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.device.DevicePaths;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.Operation;
import org.mcelogjava.protocol.device.PollEvents;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.mce.MceLayout;

/**
 * Pins the byte layout PROTOCOL.md documents: the session transcript in
 * src/test/resources/device/session.hex (made with Python's struct.pack, not with this codec) is
 * exactly what the encoders produce and what the decoders read.
 */
class GoldenSessionTest {

    static final Mce MEMORY_CE = Mce.builder().status(0x8C00004000010091L).misc(0x86).addr(0x1234567000L)
            .tsc(0x00012a05f2001234L).time(1764000000L).severity(2).cpuid(0x000806F8L).bank(13).cpu(2)
            .finished(1).extcpu(2).apicid(4).mcgcap(0x0F000C14L).ppin(0x1A2B3C4D5E6F7081L)
            .microcode(0x2B000590L).build();
    static final Mce CACHE_CE = Mce.builder().status(0x9000004000000134L).tsc(0x00012a05f2005678L)
            .time(1764000001L).severity(2).cpuid(0x000806F8L).bank(1).cpu(5).finished(1).extcpu(5).apicid(10)
            .mcgcap(0x0F000C14L).ppin(0x1A2B3C4D5E6F7081L).microcode(0x2B000590L).build();

    private static final String CHECK_INTERVAL = DevicePaths.machinecheck(0, DevicePaths.CHECK_INTERVAL);
    private static final int FD = 3;

    private static final List<DeviceRequest> CLIENT = List.of(
            new DeviceRequest.Hello(0, 1, "mcelog-java/0.1.0"),
            new DeviceRequest.Open(1, OpenFlags.O_RDONLY | OpenFlags.O_EXCL),
            new DeviceRequest.Ioctl(2, FD, McelogIoctl.MCE_GET_RECORD_LEN),
            new DeviceRequest.Ioctl(3, FD, McelogIoctl.MCE_GET_LOG_LEN),
            new DeviceRequest.Poll(4, FD, PollEvents.POLLIN, PollEvents.WAIT_FOREVER),
            new DeviceRequest.AttrRead(5, CHECK_INTERVAL),
            new DeviceRequest.Read(6, FD, 4096),
            new DeviceRequest.Ioctl(7, FD, McelogIoctl.ior('M', 4)),
            new DeviceRequest.Close(8, FD));

    private static final List<DeviceResponse> SERVER = List.of(
            new DeviceResponse.Hello(0, 1, true, "mce-sim/0.1.0 kernel=6.12"),
            new DeviceResponse.Open(1, FD),
            new DeviceResponse.Ioctl(2, MceLayout.SIZE),
            new DeviceResponse.Ioctl(3, 32),
            new DeviceResponse.AttrRead(5, "300\n".getBytes(StandardCharsets.US_ASCII)),
            new DeviceResponse.Poll(4, PollEvents.POLLIN),
            new DeviceResponse.Read(6, Frames.concat(
                    MceCodec.encode(MEMORY_CE, MceLayout.SIZE), MceCodec.encode(CACHE_CE, MceLayout.SIZE))),
            new DeviceResponse.Failed(7, Operation.IOCTL, Errno.ENOTTY),
            new DeviceResponse.Close(8));

    @Test
    void encodersProduceTheTranscriptBytes() throws IOException {
        HexFixture session = HexFixture.load("/device/session.hex");
        assertArrayEquals(session.clientBytes(), Frames.encodeRequests(CLIENT));
        assertArrayEquals(session.serverBytes(), Frames.encodeResponses(SERVER));
    }

    @Test
    void decodersReadTheTranscript() throws IOException {
        HexFixture session = HexFixture.load("/device/session.hex");
        assertEquals(CLIENT, Frames.decode(new DeviceRequestDecoder(), session.clientBytes()));
        assertEquals(SERVER, Frames.decode(new DeviceResponseDecoder(), session.serverBytes()));
    }

    @Test
    void theReadReplyHoldsTheTwoRecords() throws IOException {
        HexFixture session = HexFixture.load("/device/session.hex");
        DeviceResponse.Read read =
                (DeviceResponse.Read) Frames.decode(new DeviceResponseDecoder(), session.serverBytes()).get(6);
        assertEquals(List.of(MEMORY_CE, CACHE_CE), read.records(MceLayout.SIZE));
    }

    @Test
    void anUnknownVersionIsRefusedWithTheDocumentedFrame() throws IOException {
        HexFixture refused = HexFixture.load("/device/refused-version.hex");
        ServerPipeline server = new ServerPipeline().feed(refused.clientBytes());
        assertArrayEquals(refused.serverBytes(), server.written());
        assertFalse(server.channel.isOpen());
        server.finishWithoutLeaks();
    }
}
