package org.mcelogjava.daemon.dmi;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.daemon.machine.MachineFiles;

/**
 * mcelog's {@code opendmi} over the machine's {@code /sys/firmware/dmi/entries}: when
 * {@code 0-0/raw} can be read, the memory devices and mapped address ranges are read entry by entry
 * until one is missing. (mcelog falls back to scanning {@code /dev/mem}; the simulator has none, so
 * without readable entries there is no DMI.)
 */
public final class SysfsDmi {

    static final String ENTRIES = "/sys/firmware/dmi/entries/";
    /** Shortest structures mcelog collects: through the device locator, through the device handle. */
    private static final int DEVICE_MIN = 0x11;
    private static final int RANGE_MIN = 0x0e;

    private SysfsDmi() {
    }

    /** The machine's memory tables, or empty when its DMI entries cannot be read. */
    public static Optional<DmiMemory> read(MachineFiles device) throws IOException {
        try {
            device.readBytes(ENTRIES + "0-0/raw");
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new DmiMemory(entries(device, DmiMemory.MEMORY_DEVICE, DEVICE_MIN),
                entries(device, DmiMemory.MEMORY_MAPPED_ADDR, RANGE_MIN)));
    }

    private static List<DmiStructure> entries(MachineFiles device, int type, int minLength) throws IOException {
        List<DmiStructure> found = new ArrayList<>();
        for (int i = 0; ; i++) {
            byte[] raw;
            try {
                raw = device.readBytes(ENTRIES + type + "-" + i + "/raw");
            } catch (NoSuchFileException e) {
                return found;
            } catch (IOException e) {
                throw new IOException(ENTRIES + type + "-" + i + "/raw: " + IoReason.of(e), e);
            }
            DmiStructure s;
            try {
                s = DmiStructure.parse(raw);
            } catch (IllegalArgumentException e) {
                throw new IOException(ENTRIES + type + "-" + i + "/raw: " + e.getMessage(), e);
            }
            if (s.type() == type && s.length() >= minLength) {
                found.add(s);
            }
        }
    }
}
