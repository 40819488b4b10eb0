package org.mcelogjava.daemon.decode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mcelogjava.daemon.dmi.DmiMemory;

/**
 * The machine's DIMMs as DMI names them, to place a record's memory sites on them once, for every
 * output to report alike ({@link DimmLocation}). A DIMM is found by the bank locator that names
 * socket, channel and DIMM ({@code P0_Node0_Channel0_Dimm0}, the form mcelog's {@code prefill_memdb}
 * parses) and labelled as {@code ras-mc-ctl --register-labels} labels it in EDAC's
 * {@code dimm_label}: the memory device's slot name (device locator, e.g. {@code CPU0_DIMM_A1});
 * a DIMM's physical addresses are the range DMI maps to it (type 20, {@link DmiMemory.Device#holds}).
 * Without DMI, EDAC's own default label ({@code CPU_SrcID#0_Chan#1_DIMM#0}, as sb_edac names them).
 */
public final class DimmMap {

    /** A machine whose DIMMs DMI does not name: sites stay as their records give them. */
    public static final DimmMap NONE = new DimmMap(List.of());

    private static final Pattern BANK_LOCATOR =
            Pattern.compile("P(\\d+)_Node\\d+_Channel(\\d+)_Dimm(\\d+)");

    private final Map<Key, String> labels = new HashMap<>();
    /** Per channel: the number of its only DIMM, or -1 when it has several. */
    private final Map<Long, Integer> onlyDimm = new HashMap<>();
    /** The DIMMs whose physical addresses DMI gives, with where each is. */
    private final List<Placed> ranges = new ArrayList<>();

    private record Placed(DmiMemory.Device device, Key key) {
    }

    private record Key(long socket, int channel, int dimm) {
    }

    /** @param devices the machine's DMI memory devices; empty without DMI */
    public DimmMap(List<DmiMemory.Device> devices) {
        for (DmiMemory.Device d : devices) {
            if (d.bankLocator() == null || d.deviceLocator() == null) {
                continue;
            }
            Matcher m = BANK_LOCATOR.matcher(d.bankLocator());
            if (m.find()) {
                Key k = new Key(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                labels.put(k, d.deviceLocator());
                onlyDimm.merge(channelKey(k.socket(), k.channel()), k.dimm(), (a, b) -> -1);
                if (d.start() >= 0) {
                    ranges.add(new Placed(d, k));
                }
            }
        }
    }

    private static long channelKey(long socket, int channel) {
        return socket << 16 | channel;
    }

    /** As {@link #locate(MemorySite, long)} for a record without a valid address. */
    public DimmLocation locate(MemorySite site) {
        return locate(site, -1);
    }

    /**
     * Where {@code site} is on this machine: the DIMM its record names; DIMM 2 for a failing rank 6
     * or 7 when the channel has a DIMM 2 (mcelog's {@code failrank2dimm}); when the record names none
     * (a Skylake record's MCACOD and bank give the channel only), the DIMM of that channel whose DMI
     * address range holds the error's address (as mcelog's {@code dmi_decode} finds a DIMM by
     * address), else the channel's only DIMM; else unknown (-1).
     *
     * @param address the error's physical address (MCi_ADDR with ADDRV), -1 when the record has none
     */
    public DimmLocation locate(MemorySite site, long address) {
        long socket = site.socket();
        int channel = site.channel();
        int dimm = site.dimm();
        if (site.maybeThirdDimm() && labels.containsKey(new Key(socket, channel, 2))) {
            dimm = 2;
        } else if (dimm == -1 && channel != -1) {
            dimm = byAddress(socket, channel, address).orElse(onlyDimm.getOrDefault(channelKey(socket, channel), -1));
        }
        return new DimmLocation(socket, channel, dimm, label(socket, channel, dimm));
    }

    /** The DIMM of this socket's channel whose address range holds {@code address}. */
    private Optional<Integer> byAddress(long socket, int channel, long address) {
        if (address == -1) {
            return Optional.empty();
        }
        for (Placed p : ranges) {
            if (p.device().holds(address)) {
                return p.key().socket() == socket && p.key().channel() == channel
                        ? Optional.of(p.key().dimm()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private String label(long socket, int channel, int dimm) {
        String dmi = labels.get(new Key(socket, channel, dimm));
        if (dmi != null) {
            return dmi;
        }
        return "CPU_SrcID#" + socket + "_Chan#" + (channel == -1 ? "any" : channel)
                + "_DIMM#" + (dimm == -1 ? "any" : dimm);
    }
}
