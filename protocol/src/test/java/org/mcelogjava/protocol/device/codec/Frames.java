package org.mcelogjava.protocol.device.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.DeviceFrame;
import org.mcelogjava.protocol.device.DevicePaths;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.Operation;
import org.mcelogjava.protocol.device.PollEvents;

/** Test support: sample frames of every type, and encoding/decoding through EmbeddedChannels. */
final class Frames {

    static final DeviceRequest.Hello CLIENT_HELLO = new DeviceRequest.Hello(0, DeviceProtocol.VERSION, "test-client/1");
    static final DeviceResponse.Hello SERVER_HELLO = new DeviceResponse.Hello(0, DeviceProtocol.VERSION, true,
            "mce-sim/0.1.0 kernel=6.12");

    private Frames() {
    }

    /** One request of every type after HELLO, with edge values (max tag, negative handles, empty data). */
    static List<DeviceRequest> requests() {
        byte[] mce = new byte[128];
        for (int i = 0; i < mce.length; i++) {
            mce[i] = (byte) (i * 7);
        }
        return List.of(
                new DeviceRequest.Open(1, OpenFlags.O_RDONLY | OpenFlags.O_EXCL),
                new DeviceRequest.Open(0xFFFE, OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK),
                new DeviceRequest.Close(2, 3),
                new DeviceRequest.Read(3, 3, 4096),
                new DeviceRequest.Read(4, -1, Integer.MAX_VALUE),
                new DeviceRequest.Write(5, 3, mce),
                new DeviceRequest.Write(6, 3, new byte[0]),
                new DeviceRequest.Ioctl(7, 3, McelogIoctl.MCE_GET_RECORD_LEN),
                new DeviceRequest.Ioctl(8, 3, 0x12345678),
                new DeviceRequest.Poll(9, 3, PollEvents.POLLIN, PollEvents.WAIT_FOREVER),
                new DeviceRequest.Poll(10, 3, 0xFFFF, Integer.MAX_VALUE),
                new DeviceRequest.AttrRead(11, DevicePaths.machinecheck(0, DevicePaths.CHECK_INTERVAL)),
                new DeviceRequest.AttrWrite(12, DevicePaths.mceInject(DevicePaths.INJECT_STATUS),
                        "0x9c00000000010090\n".getBytes(StandardCharsets.US_ASCII)),
                new DeviceRequest.AttrWrite(13, "/sys/kernel/debug/caf\u00e9/\u6d4b\u8bd5", new byte[0]),
                new DeviceRequest.InitModule(40, new byte[] {'P', 'K', 3, 4, 0, (byte) 0xff}, "skip_pfns=0x1234,0x5678"),
                new DeviceRequest.InitModule(41, new byte[0], ""),
                new DeviceRequest.DeleteModule(42, "pfnfilter", 0x800),
                new DeviceRequest.ReadHeld(43, 3, 4096),
                new DeviceRequest.Ack(44, 3, Long.MAX_VALUE),
                new DeviceRequest.Ack(45, 3, 0),
                new DeviceRequest.WriteTogether(46, 3, List.of(mce, Arrays.copyOf(mce, 72), new byte[0])),
                new DeviceRequest.WriteTogether(47, 3, java.util.Collections.nCopies(
                        DeviceProtocol.MAX_WRITES_TOGETHER, mce)),
                new DeviceRequest.Stream(48, 3, 32),
                new DeviceRequest.Stream(49, 3, 0),
                new DeviceRequest.AttrList(14, DevicePaths.MCE_INJECT_DIR));
    }

    /** One response of every type after HELLO, successes and failures. */
    static List<DeviceResponse> responses() {
        byte[] log = new byte[2 * 128];
        for (int i = 0; i < log.length; i++) {
            log[i] = (byte) (255 - i);
        }
        return List.of(
                new DeviceResponse.Open(1, 3),
                new DeviceResponse.Failed(2, Operation.OPEN, Errno.EBUSY),
                new DeviceResponse.Close(3),
                new DeviceResponse.Read(4, log),
                new DeviceResponse.Read(5, new byte[0]),
                new DeviceResponse.Failed(6, Operation.READ, Errno.EINVAL),
                new DeviceResponse.Write(7, 128),
                new DeviceResponse.Failed(8, Operation.WRITE, Errno.EPERM),
                new DeviceResponse.Ioctl(9, -1),
                new DeviceResponse.Failed(10, Operation.IOCTL, Errno.ENOTTY),
                new DeviceResponse.Poll(11, PollEvents.READABLE),
                new DeviceResponse.Poll(12, 0),
                new DeviceResponse.AttrRead(13, "300\n".getBytes(StandardCharsets.US_ASCII)),
                new DeviceResponse.Failed(14, Operation.ATTR_READ, Errno.ENOENT),
                new DeviceResponse.AttrWrite(15, 4),
                new DeviceResponse.InitModule(40),
                new DeviceResponse.Failed(41, Operation.INIT_MODULE, Errno.ENOENT),
                new DeviceResponse.DeleteModule(42),
                new DeviceResponse.Failed(43, Operation.DELETE_MODULE, Errno.EBUSY),
                new DeviceResponse.ReadHeld(44, 0x0102030405060708L, log),
                new DeviceResponse.ReadHeld(45, 0, new byte[0]),
                new DeviceResponse.Failed(46, Operation.READ_HELD, Errno.EINVAL),
                new DeviceResponse.Ack(47),
                new DeviceResponse.Failed(48, Operation.ACK, Errno.EBADF),
                new DeviceResponse.WriteTogether(49, List.of(128, -22, 0, -1)),
                new DeviceResponse.Failed(50, Operation.WRITE_TOGETHER, Errno.EBADF),
                new DeviceResponse.Stream(51, 0x0102030405060708L, 1, log),
                new DeviceResponse.Stream(52, 0, 0, new byte[0]),
                new DeviceResponse.Failed(53, Operation.STREAM, Errno.EINVAL),
                new DeviceResponse.AttrList(16, List.of(
                        new AttrEntry("status", AttrEntry.Kind.FILE, 0600),
                        new AttrEntry("README", AttrEntry.Kind.FILE, 0444),
                        new AttrEntry("machinecheck0", AttrEntry.Kind.DIRECTORY, 0755))),
                new DeviceResponse.AttrList(17, List.of()),
                new DeviceResponse.Failed(18, Operation.ATTR_LIST, Errno.ENOSYS),
                new DeviceResponse.ProtocolError(DeviceProtocol.NO_TAG, Errno.EPROTO, 1, "unknown request type 0x42"));
    }

    static byte[] encodeRequests(List<? extends DeviceRequest> requests) {
        return encode(new DeviceRequestEncoder(), requests);
    }

    static byte[] encodeResponses(List<? extends DeviceResponse> responses) {
        return encode(new DeviceResponseEncoder(), responses);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] encode(ChannelHandler encoder, List<?> frames) {
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        for (Object f : frames) {
            channel.writeOutbound(f);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            out.writeBytes(bytes);
        }
        channel.finishAndReleaseAll();
        return out.toByteArray();
    }

    /**
     * Feeds {@code chunks} into a fresh channel with {@code decoder}, finishes it, and returns every
     * decoded frame; asserts every input and pipeline buffer was released.
     */
    static List<DeviceFrame> decode(ChannelHandler decoder, List<byte[]> chunks) {
        TrackingAllocator allocator = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(decoder);
        List<ByteBuf> inputs = new ArrayList<>();
        for (byte[] chunk : chunks) {
            ByteBuf buf = Unpooled.copiedBuffer(chunk);
            inputs.add(buf);
            channel.writeInbound(buf);
        }
        channel.finish();
        allocator.assertAllReleased();
        List<DeviceFrame> frames = new ArrayList<>();
        for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
            frames.add((DeviceFrame) m);
        }
        for (ByteBuf in : inputs) {
            if (in.refCnt() != 0) {
                throw new AssertionError("input buffer not released: " + in);
            }
        }
        return frames;
    }

    static List<DeviceFrame> decode(ChannelHandler decoder, byte[] bytes) {
        return decode(decoder, List.of(bytes));
    }
}
