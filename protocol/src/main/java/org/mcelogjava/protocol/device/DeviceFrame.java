package org.mcelogjava.protocol.device;

/**
 * One frame of the device protocol, decoded. Requests travel from client to server, responses back;
 * a response carries the tag of its request so that replies may come out of order (a POLL can stay
 * outstanding while the client issues other requests).
 */
public sealed interface DeviceFrame permits DeviceRequest, DeviceResponse {

    /** The request id chosen by the client, echoed by the reply. */
    int tag();

    /** The frame type byte of the header. */
    int frameType();
}
