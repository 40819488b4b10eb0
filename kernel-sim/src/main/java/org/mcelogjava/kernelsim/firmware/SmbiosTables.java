package org.mcelogjava.kernelsim.firmware;

import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.kernelsim.machine.Dimm;
import org.mcelogjava.kernelsim.machine.DimmMap;

/**
 * The firmware's SMBIOS description of the machine's memory, as a server BIOS writes it: a BIOS
 * Information structure (type 0), per socket a Physical Memory Array (16) and its Mapped Address
 * (19), and per DIMM a Memory Device (17) with its Mapped Address (20). A DIMM's device locator is
 * its slot label ({@code CPU0_DIMM_A1}) and its bank locator names node, channel and DIMM in the
 * form AMI BIOSes use and mcelog parses ({@code P0_Node0_Channel0_Dimm0}). Addresses are in KiB.
 */
public final class SmbiosTables {

    static final int BIOS_INFORMATION = 0;
    static final int MEMORY_ARRAY = 16;
    static final int MEMORY_DEVICE = 17;
    static final int MEMORY_ARRAY_ADDR = 19;
    static final int MEMORY_MAPPED_ADDR = 20;
    /** SMBIOS "no error information structure". */
    private static final int NO_HANDLE = 0xfffe;

    private SmbiosTables() {
    }

    /** Every structure, in handle order. */
    public static List<SmbiosStructure> of(DimmMap map, int sockets) {
        List<SmbiosStructure> all = new ArrayList<>();
        int handle = 0;
        all.add(new SmbiosStructure.Builder(BIOS_INFORMATION, handle++)
                .u8(1).u8(2).u16(0xe800).u8(3).u8(0xff).u32(0x08).u32(0).u16(0)
                .build(0, List.of("mcelog-java", "1.0", "11/25/2026")));
        int dimmInstance = 0;
        for (int s = 0; s < sockets; s++) {
            int socket = s;
            List<Dimm> dimms = map.dimms().stream().filter(d -> d.socket() == socket).toList();
            long kib = dimms.stream().mapToLong(d -> d.size() >>> 10).sum();
            int array = handle++;
            all.add(new SmbiosStructure.Builder(MEMORY_ARRAY, array)
                    .u8(0x03).u8(0x03).u8(0x06).u32(Math.min(kib * 2, 0x7fffffffL)).u16(NO_HANDLE).u16(dimms.size())
                    .build(s, List.of()));
            if (!dimms.isEmpty()) {
                all.add(new SmbiosStructure.Builder(MEMORY_ARRAY_ADDR, handle++)
                        .u32(dimms.get(0).base() >>> 10)
                        .u32(((dimms.get(dimms.size() - 1).base() + dimms.get(dimms.size() - 1).size()) >>> 10) - 1)
                        .u16(array).u8(dimms.size())
                        .build(s, List.of()));
            }
            for (Dimm d : dimms) {
                int device = handle++;
                all.add(new SmbiosStructure.Builder(MEMORY_DEVICE, device)
                        .u16(array).u16(NO_HANDLE).u16(72).u16(64).u16((int) Math.min(d.size() >>> 20, 0x7fff))
                        .u8(0x09).u8(0).u8(1).u8(2).u8(0x1a).u16(0x0080).u16(2666).u8(3).u8(4).u8(5).u8(6)
                        .build(dimmInstance, List.of(d.label(),
                                "P" + d.socket() + "_Node" + d.socket() + "_Channel" + d.channel() + "_Dimm" + d.slot(),
                                "Simulated", String.format("%08X", 0x5100 + d.index()), d.label() + "_AssetTag",
                                "SIM-DDR4-2666")));
                all.add(new SmbiosStructure.Builder(MEMORY_MAPPED_ADDR, handle++)
                        .u32(d.base() >>> 10).u32(((d.base() + d.size()) >>> 10) - 1).u16(device).u16(array)
                        .u8(0xff).u8(0).u8(0)
                        .build(dimmInstance, List.of()));
                dimmInstance++;
            }
        }
        return List.copyOf(all);
    }
}
