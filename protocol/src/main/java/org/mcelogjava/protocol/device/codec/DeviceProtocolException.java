package org.mcelogjava.protocol.device.codec;

import io.netty.handler.codec.DecoderException;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.Errno;

/**
 * Input that breaks the device protocol: a bad magic or version at the handshake, a frame beyond the
 * size limit, a truncated body, an unknown frame type, an invalid field. The only exception the
 * device decoders throw; {@link ProtocolErrorHandler} turns it into the PROTOCOL_ERROR reply.
 */
public final class DeviceProtocolException extends DecoderException {

    private final Errno errno;
    private final int tag;

    /**
     * @param errno what the PROTOCOL_ERROR reply carries
     * @param tag   the tag of the offending frame, or {@link DeviceProtocol#NO_TAG} if unknown
     */
    public DeviceProtocolException(Errno errno, int tag, String message) {
        super(message);
        this.errno = errno;
        this.tag = tag;
    }

    public DeviceProtocolException(Errno errno, int tag, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
        this.tag = tag;
    }

    /** EPROTO, EMSGSIZE or EPROTONOSUPPORT. */
    public Errno errno() {
        return errno;
    }

    /** The offending frame's tag, or {@link DeviceProtocol#NO_TAG}. */
    public int tag() {
        return tag;
    }
}
