package org.mcelogjava.daemon.history;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mcelogjava.daemon.dmi.DmiMemory;

/**
 * The label of a DIMM as {@code ras-mc-ctl --register-labels} puts it in EDAC's {@code dimm_label}
 * from DMI: the memory device's slot name (device locator, e.g. {@code CPU0_DIMM_A1}), found by the
 * bank locator that names socket, channel and DIMM ({@code P0_Node0_Channel0_Dimm0}, the form
 * mcelog's {@code prefill_memdb} parses). Without DMI, EDAC's own default label
 * ({@code CPU_SrcID#0_Chan#1_DIMM#0}, as sb_edac names them).
 */
public final class DimmLabels {

    private static final Pattern BANK_LOCATOR =
            Pattern.compile("P(\\d+)_Node\\d+_Channel(\\d+)_Dimm(\\d+)");

    private final Map<Key, String> byLocation = new HashMap<>();
    private final Map<Long, Integer> dimmsPerChannel = new HashMap<>();

    private record Key(long socket, int channel, int dimm) {
    }

    /** @param devices the machine's DMI memory devices; empty without DMI */
    public DimmLabels(List<DmiMemory.Device> devices) {
        for (DmiMemory.Device d : devices) {
            if (d.bankLocator() == null || d.deviceLocator() == null) {
                continue;
            }
            Matcher m = BANK_LOCATOR.matcher(d.bankLocator());
            if (m.find()) {
                Key k = new Key(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                byLocation.put(k, d.deviceLocator());
                dimmsPerChannel.merge(k.socket() << 16 | k.channel(), 1, Integer::sum);
            }
        }
    }

    /**
     * The DIMM a record names, or the only DIMM of its channel when the record names none (as a
     * Skylake record does: its MCACOD and bank give the channel only); -1 when it cannot be known.
     */
    public int dimm(long socket, int channel, int dimm) {
        if (dimm != -1 || channel == -1) {
            return dimm;
        }
        return dimmsPerChannel.getOrDefault(socket << 16 | channel, 0) == 1 ? 0 : -1;
    }

    /** The label of the DIMM at this location. */
    public String label(long socket, int channel, int dimm) {
        String dmi = byLocation.get(new Key(socket, channel, dimm));
        if (dmi != null) {
            return dmi;
        }
        return "CPU_SrcID#" + socket + "_Chan#" + (channel == -1 ? "any" : channel)
                + "_DIMM#" + (dimm == -1 ? "any" : dimm);
    }
}
