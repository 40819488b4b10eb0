package org.mcelogjava.daemon.dmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DmiMemoryTest {

    /** A memory device (type 17) with device locator string 1 and bank locator string 2. */
    private static DmiStructure device(int handle, String name, String bank) {
        byte[] formatted = new byte[0x1b];
        formatted[0] = 17;
        formatted[1] = 0x1b;
        formatted[2] = (byte) handle;
        formatted[0x10] = 1;
        formatted[0x11] = 2;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(formatted);
        raw.writeBytes((name + "\0" + bank + "\0\0").getBytes(StandardCharsets.US_ASCII));
        return DmiStructure.parse(raw.toByteArray());
    }

    /** A mapped address range (type 20), in KiB, of no memory device. */
    private static DmiStructure range(long startKib, long endKib) {
        return range(startKib, endKib, 0);
    }

    /** A mapped address range (type 20), in KiB, of the memory device with handle {@code device}. */
    private static DmiStructure range(long startKib, long endKib, int device) {
        byte[] raw = new byte[0x13 + 2];
        raw[0x0c] = (byte) device;
        raw[0] = 20;
        raw[1] = 0x13;
        for (int i = 0; i < 4; i++) {
            raw[4 + i] = (byte) (startKib >>> (8 * i));
            raw[8 + i] = (byte) (endKib >>> (8 * i));
        }
        return DmiStructure.parse(raw);
    }

    @Test
    void aStructuresStringsAreNumberedFromOne() {
        DmiStructure d = device(7, "CPU0_DIMM_A1", "P0_Node0_Channel0_Dimm0");
        assertEquals(17, d.type());
        assertEquals(7, d.handle());
        assertEquals("CPU0_DIMM_A1", d.string(1));
        assertEquals("P0_Node0_Channel0_Dimm0", d.string(2));
        assertEquals("", d.string(0), "string 0 is the empty string, as dmi_getstring says");
        assertNull(d.string(3));
        assertThrows(IllegalArgumentException.class, () -> DmiStructure.parse(new byte[] {17, 40, 0, 0}));
    }

    @Test
    void theTablesAreSaneWithSeparateRangesAndLocatorsOfTheirOwn() {
        List<DmiStructure> devices = List.of(device(1, "A1", "x"), device(2, "A2", "y"), device(3, "B1", "z"));
        assertTrue(new DmiMemory(devices, List.of(range(0, 99), range(200, 299), range(100, 199))).sane(),
                "ranges are sorted before they are compared");
        assertFalse(new DmiMemory(devices, List.of()).sane(), "no ranges");
        assertFalse(new DmiMemory(devices, List.of(range(0, 150), range(100, 199), range(200, 299))).sane(), "overlap");
        assertFalse(new DmiMemory(devices, List.of(range(0, 99), range(100, 199))).sane(),
                "two ranges for three DIMMs");
        assertFalse(new DmiMemory(List.of(device(1, "A1", "x"), device(2, "A1", "y")), List.of(range(0, 99))).sane(),
                "one locator twice");
        assertEquals(List.of(new DmiMemory.Device("A1", "x"), new DmiMemory.Device("A2", "y"),
                new DmiMemory.Device("B1", "z")), new DmiMemory(devices, List.of()).locators());
    }

    @Test
    void aDeviceHasTheAddressesOfTheOneRangeMappedToIt() {
        List<DmiStructure> devices = List.of(device(1, "A1", "x"), device(2, "A2", "y"), device(3, "B1", "z"),
                device(4, "B2", "w"));
        List<DmiMemory.Device> found = new DmiMemory(devices, List.of(range(1024, 2047, 1), range(0, 511, 2),
                range(512, 1023, 2), range(0xffff_ffffL, 0xffff_ffffL, 4))).locators();
        assertEquals(new DmiMemory.Device("A1", "x", 1L << 20, (2L << 20) - 1), found.get(0), "KiB 1024-2047: 1-2 MiB");
        assertTrue(found.get(0).holds(0x1f_ffc0L) && !found.get(0).holds(0x20_0000L) && !found.get(0).holds(0xf_ffffL));
        assertEquals(new DmiMemory.Device("A2", "y"), found.get(1), "two ranges: its addresses are not one range");
        assertEquals(new DmiMemory.Device("B1", "z"), found.get(2), "no range");
        assertEquals(new DmiMemory.Device("B2", "w"), found.get(3), "an extended range, beyond 4 TiB: not read");
        assertFalse(found.get(1).holds(0), "a device without a range holds no address");
    }
}
