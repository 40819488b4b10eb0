package org.mcelogjava.protocol.device.codec;

import io.netty.channel.CombinedChannelDuplexHandler;
import org.mcelogjava.protocol.device.DeviceProtocol;

/**
 * The server's half of the device protocol in one handler, like Netty's {@code HttpServerCodec}:
 * a {@link DeviceRequestDecoder} inbound and a {@link DeviceResponseEncoder} outbound. Follow it
 * with the server logic and a {@link ProtocolErrorHandler}.
 */
public final class DeviceServerCodec extends CombinedChannelDuplexHandler<DeviceRequestDecoder, DeviceResponseEncoder> {

    /** With {@link DeviceProtocol#DEFAULT_MAX_REQUEST_FRAME}. */
    public DeviceServerCodec() {
        this(DeviceProtocol.DEFAULT_MAX_REQUEST_FRAME);
    }

    /** @param maxRequestFrame largest request frame accepted, header included */
    public DeviceServerCodec(int maxRequestFrame) {
        this(maxRequestFrame, maxRequestFrame);
    }

    /**
     * @param maxRequestFrame largest request frame accepted, header included
     * @param maxModuleFrame  largest INIT_MODULE frame accepted (a module image travels in one frame)
     */
    public DeviceServerCodec(int maxRequestFrame, int maxModuleFrame) {
        super(new DeviceRequestDecoder(maxRequestFrame, maxModuleFrame), new DeviceResponseEncoder());
    }
}
