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
    /** Offsets in a mapped address range: start and end, in KiB. */
    private static final int START = 0x04;
    private static final int END = 0x08;

    public DmiMemory {
        devices = List.copyOf(devices);
        ranges = ranges.stream().sorted(Comparator.comparingLong(r -> r.u32(START))).toList();
    }

    /** A memory device's slot name and bank locator. */
    public record Device(String deviceLocator, String bankLocator) {
    }

    /** Each memory device's locators, in table order. */
    public List<Device> locators() {
        return devices.stream().map(d -> new Device(d.string(d.u8(DEVICE_LOCATOR)), d.string(d.u8(BANK_LOCATOR))))
                .toList();
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
        List<String> names = locators().stream().map(Device::deviceLocator).toList();
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
