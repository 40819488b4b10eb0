package org.mcelogjava.daemon.dmi;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The memory devices (type 17) and their mapped address ranges (type 20) of a machine's SMBIOS
 * tables, as mcelog's {@code collect_dmi_dimms} gathers them, and its {@code dmi_sanity_check}:
 * whether the tables look usable enough to be trusted without {@code --dmi}.
 *
 * @param devices the memory devices, in table order
 * @param ranges  the mapped address ranges
 */
public record DmiMemory(List<DmiStructure> devices, List<DmiStructure> ranges) {

    static final int MEMORY_DEVICE = 17;
    static final int MEMORY_MAPPED_ADDR = 20;
    /** Offsets in a memory device: device locator and bank locator string numbers. */
    private static final int DEVICE_LOCATOR = 0x10;
    private static final int BANK_LOCATOR = 0x11;
    /** Offsets in a mapped address range: start and end, in KiB, and the memory device's handle. */
    private static final int START = 0x04;
    private static final int END = 0x08;
    private static final int DEVICE_HANDLE = 0x0c;
    /** A start of 0xFFFFFFFF: the range is in the extended (64-bit) fields, which are not read here. */
    private static final long EXTENDED = 0xffff_ffffL;

    public DmiMemory {
        devices = List.copyOf(devices);
        ranges = ranges.stream().sorted(Comparator.comparingLong(r -> r.u32(START))).toList();
    }

    /**
     * A memory device's slot name and bank locator, and the physical addresses mapped to it alone
     * (its one type 20 range; -1 when it has none, several, or one beyond 4 TiB).
     *
     * @param start the first byte of its range, or -1
     * @param end   the last byte of its range, or -1
     */
    public record Device(String deviceLocator, String bankLocator, long start, long end) {

        /** A device whose addresses are not known. */
        public Device(String deviceLocator, String bankLocator) {
            this(deviceLocator, bankLocator, -1, -1);
        }

        /** Whether the physical address {@code address} is in this device's range. */
        public boolean holds(long address) {
            return start >= 0 && Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) <= 0;
        }
    }

    /** Each memory device's locators and address range, in table order. */
    public List<Device> locators() {
        return devices.stream().map(d -> {
            List<DmiStructure> mapped = ranges.stream().filter(r -> r.u16(DEVICE_HANDLE) == d.handle()).toList();
            boolean one = mapped.size() == 1 && mapped.get(0).u32(START) != EXTENDED;
            return new Device(d.string(d.u8(DEVICE_LOCATOR)), d.string(d.u8(BANK_LOCATOR)),
                    one ? mapped.get(0).u32(START) << 10 : -1, one ? ((mapped.get(0).u32(END) + 1) << 10) - 1 : -1);
        }).toList();
    }

    /**
     * {@code dmi_sanity_check}: there are address ranges, they do not overlap, more than two DIMMs
     * are not all in one range, and every device has a locator of its own.
     */
    public boolean sane() {
        if (ranges.isEmpty()) {
            return false;
        }
        int distinct = 0;
        for (int k = 1; k < ranges.size(); k++) {
            if (ranges.get(k).u32(START) <= ranges.get(k - 1).u32(END)) {
                return false;
            }
            distinct++;
        }
        if (distinct == 1 && devices.size() > 2) {
            return false;
        }
        List<String> names = devices.stream().map(d -> d.string(d.u8(DEVICE_LOCATOR))).toList();
        for (int k = 0; k < names.size(); k++) {
            if (names.get(k) == null) {
                return false;
            }
            for (int i = 0; i < k; i++) {
                if (Objects.equals(names.get(i), names.get(k))) {
                    return false;
                }
            }
        }
        return true;
    }
}
