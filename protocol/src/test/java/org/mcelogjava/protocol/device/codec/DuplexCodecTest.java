package org.mcelogjava.protocol.device.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.Operation;

/** A client channel and a server channel wired back to back through the two duplex codecs. */
class DuplexCodecTest {

    private final EmbeddedChannel client = new EmbeddedChannel(new DeviceClientCodec());
    private final List<Throwable> serverErrors = new ArrayList<>();
    private final EmbeddedChannel server = new EmbeddedChannel(new DeviceServerCodec(),
            new ProtocolErrorHandler(serverErrors::add));

    @Test
    void requestsAndOutOfOrderRepliesCrossTheWire() {
        List<DeviceRequest> requests = List.of(Frames.CLIENT_HELLO, new DeviceRequest.Open(1, OpenFlags.O_EXCL),
                new DeviceRequest.Poll(2, 3, 1, -1), new DeviceRequest.Ioctl(3, 3, McelogIoctl.MCE_GET_LOG_LEN));
        requests.forEach(client::writeOutbound);
        pump(client, server);
        List<Object> received = new ArrayList<>();
        for (Object m = server.readInbound(); m != null; m = server.readInbound()) {
            received.add(m);
        }
        assertEquals(requests, received);

        List<DeviceResponse> replies = List.of(Frames.SERVER_HELLO, new DeviceResponse.Open(1, 3),
                new DeviceResponse.Failed(3, Operation.IOCTL, Errno.EPERM), new DeviceResponse.Poll(2, 0x41));
        replies.forEach(server::writeOutbound);
        pump(server, client);
        List<Object> answers = new ArrayList<>();
        for (Object m = client.readInbound(); m != null; m = client.readInbound()) {
            answers.add(m);
        }
        assertEquals(replies, answers);
        assertEquals(List.of(), serverErrors);
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void aClientThatSkipsTheHandshakeGetsTheProtocolError() {
        client.writeOutbound(new DeviceRequest.Open(1, 0));
        pump(client, server);
        pump(server, client);
        DeviceResponse.ProtocolError error = client.readInbound();
        assertEquals(Errno.EPROTO, error.errno());
        assertFalse(server.isOpen());
        assertNull(client.readInbound());
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    private static void pump(EmbeddedChannel from, EmbeddedChannel to) {
        for (ByteBuf buf = from.readOutbound(); buf != null; buf = from.readOutbound()) {
            to.writeInbound(buf);
        }
    }
}
