package org.mcelogjava.protocol.device.codec;

import io.netty.channel.CombinedChannelDuplexHandler;
import org.mcelogjava.protocol.device.DeviceProtocol;

/**
 * The client's half of the device protocol in one handler: a {@link DeviceResponseDecoder} inbound
 * and a {@link DeviceRequestEncoder} outbound. A client should close the connection when the decoder
 * raises {@link DeviceProtocolException}.
 */
public final class DeviceClientCodec extends CombinedChannelDuplexHandler<DeviceResponseDecoder, DeviceRequestEncoder> {

    /** With {@link DeviceProtocol#DEFAULT_MAX_RESPONSE_FRAME}. */
    public DeviceClientCodec() {
        this(DeviceProtocol.DEFAULT_MAX_RESPONSE_FRAME);
    }

    /** @param maxResponseFrame largest response frame accepted, header included */
    public DeviceClientCodec(int maxResponseFrame) {
        super(new DeviceResponseDecoder(maxResponseFrame), new DeviceRequestEncoder());
    }
}
