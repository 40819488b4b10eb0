package org.mcelogjava.protocol.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kernel numbers and paths the protocol carries. */
class DeviceConstantsTest {

    @Test
    void ioctlNumbersAreTheIorEncodingOfTypeM() {
        assertEquals(0x80044D01, McelogIoctl.ior('M', 1));
        assertEquals(McelogIoctl.MCE_GET_RECORD_LEN, McelogIoctl.ior('M', 1));
        assertEquals(McelogIoctl.MCE_GET_LOG_LEN, McelogIoctl.ior('M', 2));
        assertEquals(McelogIoctl.MCE_GETCLEAR_FLAGS, McelogIoctl.ior('M', 3));
        assertEquals("MCE_GETCLEAR_FLAGS", McelogIoctl.name(0x80044D03));
        assertEquals("0x80044D04", McelogIoctl.name(McelogIoctl.ior('M', 4)));
    }

    @Test
    void openFlagsHaveLinuxValuesAndOnlyTheDeviceBitsAreValid() {
        assertEquals(0x80, OpenFlags.O_EXCL);
        assertEquals(0x800, OpenFlags.O_NONBLOCK);
        assertTrue(OpenFlags.isValid(OpenFlags.O_RDONLY | OpenFlags.O_EXCL | OpenFlags.O_NONBLOCK));
        assertTrue(OpenFlags.isValid(OpenFlags.O_RDWR));
        assertFalse(OpenFlags.isValid(OpenFlags.O_ACCMODE), "access mode 3");
        assertFalse(OpenFlags.isValid(0x40), "O_CREAT");
        assertTrue(OpenFlags.isValid(OpenFlags.O_RDONLY | OpenFlags.EXCL_READERS));
        assertFalse(OpenFlags.isValid(OpenFlags.O_WRONLY | OpenFlags.EXCL_READERS), "only reader that cannot read");
        assertTrue(OpenFlags.exclusive(OpenFlags.O_EXCL));
        assertTrue(OpenFlags.writable(OpenFlags.O_WRONLY));
        assertFalse(OpenFlags.readable(OpenFlags.O_WRONLY));
        assertFalse(OpenFlags.writable(OpenFlags.O_RDONLY));
    }

    @Test
    void pollReportsReadableAsPollinAndRdnormAndKeepsErrorsUnrequested() {
        assertEquals(0x41, PollEvents.READABLE);
        assertEquals(PollEvents.POLLIN, PollEvents.revents(PollEvents.READABLE, PollEvents.POLLIN));
        assertEquals(PollEvents.POLLERR, PollEvents.revents(PollEvents.POLLERR, PollEvents.POLLIN));
        assertEquals(0, PollEvents.revents(0, PollEvents.POLLIN));
    }

    @Test
    void magicIsMcedInLittleEndian() {
        int magic = ByteBuffer.wrap("MCED".getBytes(StandardCharsets.US_ASCII)).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(DeviceProtocol.MAGIC, magic);
    }

    @Test
    void limitsHoldTheirWorstCases() {
        assertEquals(8 + 2 + 4095 + 4 + 4096, DeviceProtocol.MIN_MAX_REQUEST_FRAME);
        assertTrue(DeviceProtocol.DEFAULT_MAX_REQUEST_FRAME >= DeviceProtocol.MIN_MAX_REQUEST_FRAME);
        assertEquals(8 + 4 + 4 + 32 * 128, DeviceProtocol.MIN_MAX_RESPONSE_FRAME);
        assertEquals(8 + 4 + 4 + 8192 * 128, DeviceProtocol.DEFAULT_MAX_RESPONSE_FRAME);
    }

    @Test
    void frameTypesPairRequestsWithReplies() {
        for (Operation op : Operation.values()) {
            assertEquals(op.requestType() | 0x80, op.responseType());
            assertEquals(Optional.of(op), Operation.fromRequestType(op.requestType()));
            assertEquals(Optional.of(op), Operation.fromResponseType(op.responseType()));
            assertEquals(Optional.empty(), Operation.fromRequestType(op.responseType()));
        }
        assertEquals(Optional.empty(), Operation.fromResponseType(DeviceProtocol.PROTOCOL_ERROR_TYPE));
        assertEquals(Optional.empty(), Operation.fromRequestType(0));
    }

    @Test
    void pathsAreTheKernels() {
        assertEquals("/sys/devices/system/machinecheck/machinecheck0/check_interval",
                DevicePaths.machinecheck(0, DevicePaths.CHECK_INTERVAL));
        assertEquals("/sys/devices/system/machinecheck/machinecheck3/trigger",
                DevicePaths.machinecheck(3, DevicePaths.TRIGGER));
        assertEquals("/sys/devices/system/machinecheck/machinecheck1/bank12", DevicePaths.bank(1, 12));
        assertEquals("/sys/devices/system/cpu/cpu7/online", DevicePaths.cpuOnline(7));
        assertEquals("/sys/devices/system/memory/soft_offline_page", DevicePaths.SOFT_OFFLINE_PAGE);
        assertEquals("/sys/devices/system/memory/hard_offline_page", DevicePaths.HARD_OFFLINE_PAGE);
        assertEquals("/sys/kernel/debug/mce-inject/bank", DevicePaths.mceInject(DevicePaths.INJECT_BANK));
        assertEquals("/sys/kernel/debug/mce/fake_panic", DevicePaths.FAKE_PANIC);
        assertThrows(IllegalArgumentException.class, () -> DevicePaths.cpuOnline(-1));
    }
}
