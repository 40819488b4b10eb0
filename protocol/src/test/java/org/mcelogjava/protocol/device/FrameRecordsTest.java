package org.mcelogjava.protocol.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;

/** The frame records validate their fields and keep their bytes to themselves. */
class FrameRecordsTest {

    @Test
    void requestsRefuseTheReservedTagAndOutOfRangeFields() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.Close(DeviceProtocol.NO_TAG, 3));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.Close(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.Open(1, OpenFlags.O_ACCMODE));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.Read(1, 3, -1));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.Write(1, 3, new byte[129]));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.Poll(1, 3, 0x10000, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.Poll(1, 3, 1, -2));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.Hello(0, 1, "x".repeat(256)));
    }

    @Test
    void pathsMustBeAbsoluteUnicodeWithoutNulAndWithinPathMax() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.AttrRead(1, "sys/devices"));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.AttrRead(1, "/sys\0"));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.AttrRead(1, "/sys/\ud800"));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.AttrList(1, "/" + "a".repeat(4095)));
        assertEquals(4095, new DeviceRequest.AttrList(1, "/" + "a".repeat(4094)).path().length());
        // PATH_MAX counts bytes: 2047 two-byte characters plus '/' fit, 2048 do not
        new DeviceRequest.AttrRead(1, "/" + "\u00e9".repeat(2047));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.AttrRead(1, "/" + "\u00e9".repeat(2048)));
    }

    @Test
    void byteArraysAreCopiedInAndOut() {
        byte[] data = {1, 2, 3};
        DeviceRequest.Write write = new DeviceRequest.Write(1, 3, data);
        data[0] = 9;
        write.data()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, write.data());
        assertEquals(new DeviceRequest.Write(1, 3, new byte[] {1, 2, 3}), write);

        byte[] value = {'1', '\n'};
        DeviceResponse.AttrRead read = new DeviceResponse.AttrRead(2, value);
        value[0] = '0';
        assertArrayEquals(new byte[] {'1', '\n'}, read.value());
        assertEquals(new DeviceResponse.AttrRead(2, new byte[] {'1', '\n'}).hashCode(), read.hashCode());

        DeviceResponse.Stream pushed = new DeviceResponse.Stream(3, 0, 0, new byte[] {4, 5});
        byte[] batch = new byte[4];
        pushed.copyTo(batch, 1);
        batch[1] = 9;
        assertArrayEquals(new byte[] {0, 9, 5, 0}, batch);
        assertArrayEquals(new byte[] {4, 5}, pushed.data());
    }

    @Test
    void aReadReplySplitsIntoRecordsOfTheAnnouncedLength() {
        Mce first = Mce.builder().status(0x8000000000000000L).bank(4).extcpu(1).finished(1).build();
        Mce second = Mce.builder().status(0x9000000000000000L).bank(5).extcpu(2).finished(1).build();
        byte[] data = new byte[176];
        MceCodec.encode(first, data, 0, 88);
        MceCodec.encode(second, data, 88, 88);
        DeviceResponse.Read read = new DeviceResponse.Read(1, data);
        assertEquals(List.of(first, second), read.records(88));
        assertEquals(176, read.length());
        assertThrows(IllegalArgumentException.class, () -> read.records(128));
        assertTrue(new DeviceResponse.Read(1, new byte[0]).records(128).isEmpty());
    }

    @Test
    void failuresAndProtocolErrorsAreKeptApart() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceResponse.Failed(1, Operation.HELLO, Errno.EPROTO));
        assertEquals(0x86, new DeviceResponse.Failed(1, Operation.IOCTL, Errno.ENOTTY).frameType());
        assertEquals(0xFF, new DeviceResponse.ProtocolError(DeviceProtocol.NO_TAG, Errno.EPROTO, 1, "x").frameType());
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest.Close(0x10000, 1));
    }

    @Test
    void protocolErrorOfClipsLongMessagesAndNuls() {
        DeviceResponse.ProtocolError e = DeviceResponse.ProtocolError.of(1, Errno.EPROTO, "\u20ac".repeat(2000) + "\0");
        assertTrue(e.message().length() <= DeviceProtocol.MAX_MESSAGE_BYTES / 3);
        assertEquals(DeviceProtocol.VERSION, e.version());
        assertEquals("a b", DeviceResponse.ProtocolError.of(1, Errno.EPROTO, "a\0b").message());
    }

    @Test
    void attrEntriesAreSingleNamesWithPermissionBits() {
        assertThrows(IllegalArgumentException.class, () -> new AttrEntry("a/b", AttrEntry.Kind.FILE, 0644));
        assertThrows(IllegalArgumentException.class, () -> new AttrEntry("", AttrEntry.Kind.FILE, 0644));
        assertThrows(IllegalArgumentException.class, () -> new AttrEntry("..", AttrEntry.Kind.DIRECTORY, 0755));
        assertThrows(IllegalArgumentException.class, () -> new AttrEntry("bank0", AttrEntry.Kind.FILE, 010000));
        assertEquals(AttrEntry.Kind.DIRECTORY, AttrEntry.Kind.fromCode(2).orElseThrow());
    }
}
